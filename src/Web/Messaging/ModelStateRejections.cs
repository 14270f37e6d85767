using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Domain.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Web.Messaging;

/// <summary>
/// Where a form shows each rejection: the ModelState key of its field (the tag helpers put the message beside the
/// input) or the form's summary (the empty key). <c>RejectionFields.Under(nameof(Input))</c> fits a form bound as
/// <c>Input</c>; <see cref="At"/> places the fields the domain names differently from the form.
/// </summary>
public sealed class RejectionFields
{
    private readonly string _noField;
    private readonly Func<string, string> _unmapped;
    private readonly ImmutableDictionary<string, string?> _map;

    private RejectionFields(string noField, Func<string, string> unmapped, ImmutableDictionary<string, string?> map)
    {
        _noField = noField;
        _unmapped = unmapped;
        _map = map;
    }

    /// <summary>Each field under the bound property <paramref name="prefix"/> (<c>Input.AgencyCode</c>), or as named when there is none; no field: the summary.</summary>
    public static RejectionFields Under(string? prefix) =>
        new("", field => string.IsNullOrEmpty(prefix) ? field : $"{prefix}.{field}", ImmutableDictionary.Create<string, string?>(StringComparer.Ordinal));

    /// <summary>Only the fields placed with <see cref="At"/> have a place of their own; every other rejection goes to the summary.</summary>
    public static RejectionFields Summary { get; } = new("", _ => "", ImmutableDictionary.Create<string, string?>(StringComparer.Ordinal));

    /// <summary>Every rejection at one key, e.g. a card step's PIN field when every refusal there is about the card.</summary>
    public static RejectionFields AllAt(string key) => new(key, _ => key, ImmutableDictionary.Create<string, string?>(StringComparer.Ordinal));

    /// <summary>Rejections naming <paramref name="field"/> go to <paramref name="key"/> (the summary when null).</summary>
    public RejectionFields At(string field, string? key) => new(_noField, _unmapped, _map.SetItem(field, key));

    /// <summary>Rejections naming a field not placed with <see cref="At"/> go to <paramref name="key"/> (the summary when null).</summary>
    public RejectionFields OthersAt(string? key) => new(_noField, _ => key ?? "", _map);

    /// <summary>The ModelState key of <paramref name="rejection"/>; empty for the summary.</summary>
    public string KeyOf(Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        if (rejection.Field is not { } field)
            return _noField;
        return _map.TryGetValue(field, out var key) ? key ?? "" : _unmapped(field);
    }
}

/// <summary>Puts an outcome's rejections into ModelState, so tag helpers show each message at its field.</summary>
public static class ModelStateRejections
{
    /// <summary>
    /// Adds each rejection under <c>prefix.Field</c> (the bound property's name, e.g. <c>Input</c>), or under
    /// the empty key (the form's summary) when it names no field.
    /// </summary>
    public static void AddRejections(this ModelStateDictionary modelState, IEnumerable<Rejection> rejections, string? prefix = null) =>
        modelState.AddRejections(rejections, RejectionFields.Under(prefix));

    /// <summary>Adds each rejection at the key <paramref name="fields"/> gives it.</summary>
    public static void AddRejections(this ModelStateDictionary modelState, IEnumerable<Rejection> rejections, RejectionFields fields)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(rejections);
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var rejection in rejections)
            modelState.AddModelError(fields.KeyOf(rejection), rejection.Message);
    }

    /// <summary>
    /// What a page does with every outcome it is sent back: the value when it succeeded; otherwise null, with the
    /// rejections in ModelState at their fields (<paramref name="fields"/>; by default each under its own name).
    /// </summary>
    public static T? Take<T>(this ModelStateDictionary modelState, Outcome<T> outcome, RejectionFields? fields = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.TryGetValue(out var value))
            return value;
        modelState.AddRejections(outcome.Rejections, fields ?? RejectionFields.Under(null));
        return null;
    }

    /// <summary>The same, for a page that goes on differently after a success: true with the value, or false with the rejections in ModelState.</summary>
    public static bool TryTake<T>(this ModelStateDictionary modelState, Outcome<T> outcome, [MaybeNullWhen(false)] out T value, RejectionFields? fields = null)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.TryGetValue(out value))
            return true;
        modelState.AddRejections(outcome.Rejections, fields ?? RejectionFields.Under(null));
        return false;
    }
}
