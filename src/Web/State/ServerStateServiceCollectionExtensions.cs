using EventStore.DependencyInjection;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using EventStore.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Web.State;

/// <summary>
/// Server-side state in the event store's database instead of process memory (docs/architecture.md, "Server-side
/// state"): the state table, its sweeper, the data-protection key ring (encrypted with the configured certificate,
/// fixed application name) and the sign-in session records.
/// </summary>
public static class ServerStateServiceCollectionExtensions
{
    /// <summary>The data-protection application name: every node and every restart shares one key ring under it.</summary>
    public const string ApplicationName = "evs";

    public static WebApplicationBuilder AddServerState(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddStateStore(builder.Configuration);
        services.TryAddSingleton<StatePayload>();
        services.AddHostedService<StateSweeper>();

        var certificate = builder.Configuration.GetSection(KeyRingCertificateOptions.Section).Get<KeyRingCertificateOptions>() ?? new KeyRingCertificateOptions();
        if (!certificate.IsConfigured && builder.Environment.IsDevelopment())
            certificate.Generate = true;
        // Checked when the host starts, beside the other start-up checks (one message naming the keys to set), not here:
        // a throw while services are registered would hide the others and end in an exception dump.
        services.AddOptions<KeyRingCertificateOptions>()
            .Validate(_ => certificate.IsConfigured,
                "DataProtection:Certificate:Path must name the PKCS#12 file (with DataProtection:Certificate:Password) that encrypts the key ring; set DataProtection:Certificate:Generate=true only for demos and tests.")
            .ValidateOnStart();
        services.TryAddSingleton(certificate);
        services.TryAddSingleton<KeyRingCertificateSource>();
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IStateStore, KeyRingCertificateSource, ILoggerFactory>((options, state, keyRing, logs) =>
        {
            options.XmlRepository = new DatabaseXmlRepository(state);
            options.XmlEncryptor = new KeyRingXmlEncryptor(keyRing, logs);
        });

        services.TryAddSingleton<DatabaseTicketStore>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, UseDatabaseTicketStore>();
        return builder;
    }
}
