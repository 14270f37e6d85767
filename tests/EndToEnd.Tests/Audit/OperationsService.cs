using Microsoft.Extensions.DependencyInjection;
using ReadModels.DependencyInjection;
using ReadModels.Projections;

namespace EndToEnd.Tests.Audit;

/// <summary>The audit service with one more projection, <see cref="HeldCounterProjection"/>, whose rebuild a test can hold open.</summary>
public sealed class OperationsService : AuditService
{
    public HeldCounterProjection Counter => Services.GetServices<IProjection>().OfType<HeldCounterProjection>().Single();

    protected override void ConfigureServices(IServiceCollection services) => services.AddProjection<HeldCounterProjection>();
}
