using Domain.ReferenceData;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Web.Authentication;

/// <summary>
/// The resource check "same agency": <c>await authorization.AuthorizeAsync(User, agencyCode, AgencyAccess.Read)</c>.
/// <list type="bullet">
/// <item><see cref="Read"/>: the session acts for the agency, or it may read across agencies (auditor, administrator).</item>
/// <item><see cref="Change"/>: the session acts for the agency; nobody else, whatever their role (auditors change nothing).</item>
/// </list>
/// </summary>
public static class AgencyAccess
{
    public static OperationAuthorizationRequirement Read { get; } = new() { Name = "agency:read" };

    public static OperationAuthorizationRequirement Change { get; } = new() { Name = "agency:change" };
}

/// <summary>Decides <see cref="AgencyAccess"/> requirements against an <see cref="AgencyCode"/> resource.</summary>
public sealed class SameAgencyHandler : AuthorizationHandler<OperationAuthorizationRequirement, AgencyCode>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, AgencyCode resource)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || resource.Value is null)
            return Task.CompletedTask;
        var sameAgency = user.ActsFor(resource.Value);
        var allowed = requirement.Name switch
        {
            "agency:read" => sameAgency || user.IsProvenStaff(Roles.Auditor) || user.IsProvenStaff(Roles.Administrator),
            "agency:change" => sameAgency,
            _ => false,
        };
        if (allowed)
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
