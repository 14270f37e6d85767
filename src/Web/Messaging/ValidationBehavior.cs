using Domain.Common;
using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace Web.Messaging;

/// <summary>
/// Runs every FluentValidation validator of a message before its handler; failures come back as an
/// <see cref="IOutcome{TSelf}"/> with one <see cref="Rejection"/> per field error, and the handler never runs.
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IOutcome<TResponse>
{
    private readonly IValidator<TMessage>[] _validators = validators.ToArray();

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (_validators.Length == 0)
            return await next(message, cancellationToken);

        List<Rejection>? rejections = null;
        foreach (var validator in _validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            foreach (var failure in result.Errors)
            {
                if (failure.Severity == Severity.Error)
                    (rejections ??= []).Add(ToRejection(failure));
            }
        }

        return rejections is null
            ? await next(message, cancellationToken)
            : TResponse.FromRejections(rejections);
    }

    /// <summary>Field = the property path as FluentValidation names it (e.g. <c>Handler.NationalId</c>); empty means the whole form.</summary>
    internal static Rejection ToRejection(ValidationFailure failure) =>
        new(failure.ErrorCode, failure.ErrorMessage, string.IsNullOrEmpty(failure.PropertyName) ? null : failure.PropertyName);
}
