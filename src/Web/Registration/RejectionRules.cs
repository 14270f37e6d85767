using Domain.Common;
using FluentValidation;
using FluentValidation.Results;

namespace Web.Registration;

/// <summary>Lets a validator speak with the domain's own rules (a function giving a <see cref="Rejection"/> or null), so each rule lives once.</summary>
public static class RejectionRules
{
    /// <summary>Adds the domain rule's rejection, if any, as this property's failure (its code and message kept).</summary>
    public static IRuleBuilderOptionsConditions<T, TProperty> AddRejection<T, TProperty>(this IRuleBuilder<T, TProperty> rule, Func<TProperty, Rejection?> check)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(check);
        return rule.Custom((value, context) =>
        {
            if (check(value) is { } rejection)
                context.AddFailure(new ValidationFailure(context.PropertyPath, rejection.Message, attemptedValue: null) { ErrorCode = rejection.Code });
        });
    }
}

/// <summary>How a card names the person acting in events (<c>...By</c>): <c>cert:{issuerKeyId}:{serial}</c>, as card sessions do.</summary>
public static class CardActor
{
    public static string Of(CardSteps.VerifiedCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var key = new Domain.Registration.CertificateKey(card.Facts.IssuerKeyId, card.Facts.SerialNumber);
        return $"cert:{key.IssuerKeyId}:{key.SerialNumber}";
    }
}
