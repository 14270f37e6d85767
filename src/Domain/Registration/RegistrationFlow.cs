namespace Domain.Registration;

/// <summary>Which registration page flow a card step belongs to; each flow expects different cards.</summary>
public enum RegistrationFlow
{
    /// <summary>首次註冊: a new organisation card and a new manager card.</summary>
    FirstRegistration = 1,

    /// <summary>更換機關憑證: a new organisation card, the registered manager's card.</summary>
    ReplaceOrganisationCertificate = 2,

    /// <summary>更換授權管理者自然人憑證: the registered organisation card, a new manager card.</summary>
    ReplaceManagerCertificate = 3,

    /// <summary>更換機關憑證和授權管理者自然人憑證: both cards new.</summary>
    ReplaceBothCertificates = 4,

    /// <summary>授權指派: the registered organisation card and the registered manager's card.</summary>
    Grants = 5,
}
