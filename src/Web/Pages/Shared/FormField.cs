namespace Web.Pages.Shared;

/// <summary>What the shared partial <c>_Field</c> renders: a text field bound to <paramref name="Name"/> (e.g. <c>Contact.Email</c>).</summary>
/// <param name="Value">The value to show when nothing was posted (e.g. the contact on file).</param>
public sealed record FormField(
    string Name, string Label, string? Hint = null, string? Value = null, string Type = "text", string AutoComplete = "off", int MaxLength = 100,
    bool Required = false, bool Multiline = false)
{
    /// <summary>The element id tag helpers would give it (so the error summary links to it).</summary>
    public string Id => Name.Replace('.', '_');
}
