namespace CardAgent.Backends;

/// <summary>Creates the back end named by <c>CardAgent:Backend</c>.</summary>
public static class BackendFactory
{
    public static ICardBackend Create(AgentOptions options, IServiceProvider services)
    {
        var loggers = services.GetRequiredService<ILoggerFactory>();
        return options.Backend switch
        {
            "pcsc" => new PcscBackend(loggers.CreateLogger<PcscBackend>()),
            "demo" => new DemoBackend(
                options.Demo.CardsDirectory ?? throw new InvalidOperationException("CardAgent:Demo:CardsDirectory must name the folder of demo card images"),
                loggers.CreateLogger<DemoBackend>()),
            "pkcs11" => new Pkcs11Backend(
                options.Pkcs11.ModulePath ?? throw new InvalidOperationException("CardAgent:Pkcs11:ModulePath must name the PKCS#11 module"),
                loggers.CreateLogger<Pkcs11Backend>()),
            _ => throw new InvalidOperationException($"CardAgent:Backend '{options.Backend}' is not one of pcsc, pkcs11, demo"),
        };
    }
}
