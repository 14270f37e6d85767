namespace Web.Authentication;

/// <summary>
/// The claim types of a signed-in session. None carries a national ID: people are named by a keyed hash
/// (<see cref="PersonKey"/>) and shown by a masked ID (<see cref="MaskedNationalId"/>).
/// </summary>
public static class SessionClaims
{
    /// <summary>Who acts, stable and free of personal data: <c>staff:{account}</c>, <c>ecpa:{account}</c> or <c>cert:{issuerKeyId}:{serial}</c>; copied into events' <c>...By</c>.</summary>
    public const string Subject = "evs:sub";

    /// <summary>How the session was opened: one of <see cref="SignInMethods"/>.</summary>
    public const string Method = "evs:method";

    /// <summary>An agency the session acts for (the organisation card's agency; a manager's or handler's agencies).</summary>
    public const string Agency = "evs:agency";

    /// <summary>The person's keyed national-ID hash (the <c>person-{hash}</c> stream), when the session is a person's.</summary>
    public const string PersonKey = "evs:person";

    /// <summary>The password account's name, for password sessions.</summary>
    public const string Account = "evs:account";

    /// <summary>A12****789, for the header; never the whole ID.</summary>
    public const string MaskedNationalId = "evs:masked-id";

    /// <summary>The card's certificate (issuer key id and serial), for card sessions.</summary>
    public const string Certificate = "evs:cert";

    /// <summary>When the session was opened (round-trip "O" format, UTC): the absolute lifetime counts from here.</summary>
    public const string SignedInAt = "evs:signed-in-at";
}

/// <summary>The ways a session is opened (the <see cref="SessionClaims.Method"/> claim).</summary>
public static class SignInMethods
{
    public const string Password = "password";
    public const string CitizenCard = "citizen-card";
    public const string OrganisationCard = "organisation-card";

    /// <summary>Staff: the account's password, then its holder's citizen card.</summary>
    public const string PasswordAndCitizenCard = "password+citizen-card";

    public static string Title(string method) => method switch
    {
        Password => "帳號密碼",
        CitizenCard => "自然人憑證",
        OrganisationCard => "機關憑證",
        PasswordAndCitizenCard => "帳號密碼及自然人憑證",
        _ => method,
    };
}
