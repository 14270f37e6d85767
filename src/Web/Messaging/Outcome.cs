using System.Diagnostics.CodeAnalysis;
using Domain.Common;

namespace Web.Messaging;

/// <summary>
/// An outcome type the validation pipeline can build from rejections, so a validator's failures come
/// back as a value of the handler's own response type instead of an exception.
/// </summary>
public interface IOutcome<out TSelf>
    where TSelf : IOutcome<TSelf>
{
    /// <summary>The outcome carrying these rejections (at least one).</summary>
    static abstract TSelf FromRejections(IReadOnlyList<Rejection> rejections);
}

/// <summary>
/// What every command and query handler returns: the value, or the rejections a person can act on
/// (each a code, a zh-TW message and the field it belongs to). Exceptions stay for bugs and broken infrastructure.
/// </summary>
public sealed class Outcome<T> : IOutcome<Outcome<T>>
{
    private readonly T? _value;

    private Outcome(T? value, IReadOnlyList<Rejection> rejections)
    {
        _value = value;
        Rejections = rejections;
    }

    /// <summary>Empty when the outcome succeeded.</summary>
    public IReadOnlyList<Rejection> Rejections { get; }

    public bool Succeeded => Rejections.Count == 0;

    /// <summary>The value of a successful outcome; reading it from a rejected one is a bug.</summary>
    public T Value => Succeeded
        ? _value!
        : throw new InvalidOperationException($"The outcome was rejected ({string.Join(", ", Rejections.Select(r => r.Code))}); check Succeeded first.");

    public static Outcome<T> Success(T value) => new(value, []);

    public static Outcome<T> Rejected(Rejection rejection) => new(default, [rejection]);

    public static Outcome<T> Rejected(string code, string message, string? field = null) => Rejected(new Rejection(code, message, field));

    public static Outcome<T> FromRejections(IReadOnlyList<Rejection> rejections)
    {
        ArgumentNullException.ThrowIfNull(rejections);
        if (rejections.Count == 0)
            throw new ArgumentException("A rejected outcome needs at least one rejection.", nameof(rejections));
        return new Outcome<T>(default, rejections.ToArray());
    }

    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return Succeeded;
    }

    public static implicit operator Outcome<T>(T value) => Success(value);

    public static implicit operator Outcome<T>(Rejection rejection) => Rejected(rejection);

    public override string ToString() => Succeeded ? $"Success({_value})" : $"Rejected({string.Join(", ", Rejections.Select(r => r.Code))})";
}
