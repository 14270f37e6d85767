using System.Collections.Concurrent;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ReadModels.Projections;
using TestPki;
using Web.Messaging;

namespace Web.Tests.TestSupport;

/// <summary>
/// The real app for a feature's handler tests: its own store and read-model files, every projection running for real
/// (each wrapped so a test can hold it back), and a fake clock at the test PKI's reference instant so the test PKI's
/// certificates are valid. Messages go through Mediator as a page sends them (validators included).
/// </summary>
public class HandlerApp : WebAppFactory
{
    private readonly ConcurrentDictionary<string, HeldProjection> _projections = new(StringComparer.Ordinal);

    public PkiManifest Pki { get; } = TestPkiCache.Get();

    public FakeTimeProvider Clock { get; }

    public HandlerApp() => Clock = new FakeTimeProvider(Pki.ReferenceInstants.Now);

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public CommandPipeline Pipeline => Get<CommandPipeline>();

    /// <summary>Sends a feature's command as its page does.</summary>
    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    /// <summary>Sends a feature's query as its page does.</summary>
    public async Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    /// <summary>Waits until every projection holds every event written so far (a Given step the test reads back).</summary>
    public async Task CaughtUpAsync()
    {
        var caughtUp = await Get<ReadModelWait>().ForHeadAsync(Get<IEnumerable<IProjection>>().Select(p => p.Name).ToList(), CancellationToken.None, TimeSpan.FromMinutes(2));
        caughtUp.ShouldBeTrue("the read models did not catch up within two minutes");
    }

    /// <summary>Holds the projection named <paramref name="name"/> back until the handle is disposed.</summary>
    public IDisposable Hold(string name)
    {
        _ = Services; // the host (and so the projections) exists once asked for
        return _projections.TryGetValue(name, out var projection) ? projection.Hold() : throw new ArgumentException($"no projection named {name}", nameof(name));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            foreach (var registered in services.Where(d => d.ServiceType == typeof(IProjection)).ToList())
            {
                services.Remove(registered);
                services.AddSingleton<IProjection>(provider =>
                {
                    var inner = (IProjection)(registered.ImplementationInstance
                        ?? registered.ImplementationFactory?.Invoke(provider)
                        ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!));
                    return _projections.GetOrAdd(inner.Name, _ => new HeldProjection(inner));
                });
            }
        });
    }
}
