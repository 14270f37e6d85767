using Domain.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Web.Messaging;

/// <summary>Puts an outcome's rejections into ModelState, so tag helpers show each message at its field.</summary>
public static class ModelStateRejections
{
    /// <summary>
    /// Adds each rejection under <c>prefix.Field</c> (the bound property's name, e.g. <c>Input</c>), or under
    /// the empty key (the form's summary) when it names no field.
    /// </summary>
    public static void AddRejections(this ModelStateDictionary modelState, IEnumerable<Rejection> rejections, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(rejections);
        foreach (var rejection in rejections)
        {
            var key = rejection.Field is null ? "" : string.IsNullOrEmpty(prefix) ? rejection.Field : $"{prefix}.{rejection.Field}";
            modelState.AddModelError(key, rejection.Message);
        }
    }
}
