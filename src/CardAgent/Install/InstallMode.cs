using CardAgent.Host;

namespace CardAgent.Install;

/// <summary>
/// <c>CardAgent install [--CardAgent:Key=value …]</c> makes this program start at the user's every login with
/// those settings (typically <c>--CardAgent:AllowedOrigins:0=https://the-service</c>) and starts it now;
/// <c>CardAgent uninstall</c> undoes that. Per user, no administrator rights; the program stays where it is,
/// so put it in its lasting place first. Settings are checked before anything is written.
/// </summary>
public static class InstallMode
{
    public static readonly string[] Commands = ["install", "uninstall"];

    public static int Run(string command, string[] arguments, TextWriter output, TextWriter error)
    {
        var platform = AutostartPlan.Current();
        AutostartUser user;
        try
        {
            user = AutostartRunner.CurrentUser();
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine(e.Message);
            return 2;
        }
        if (command == "uninstall")
        {
            var removed = AutostartRunner.Run(AutostartPlan.Uninstall(platform, user), output);
            if (removed == 0)
                output.WriteLine("讀卡程式不會再於登入時啟動。");
            return removed;
        }
        var unknown = arguments.FirstOrDefault(a => !a.StartsWith("--" + AgentOptions.Section + ":", StringComparison.Ordinal));
        if (unknown is not null)
        {
            error.WriteLine($"usage: install [--CardAgent:Key=value …]  ('{unknown}' is not a CardAgent setting)");
            return 2;
        }
        var options = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddCommandLine(arguments)
            .Build()
            .GetSection(AgentOptions.Section).Get<AgentOptions>() ?? new AgentOptions();
        try
        {
            _ = LoopbackUrls.Parse(options.Urls);
            if (new OriginPolicy(options.AllowedOrigins).Allowed.Count == 0)
                throw new InvalidOperationException("CardAgent:AllowedOrigins is empty: set --CardAgent:AllowedOrigins:0=<the service's origin>");
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine(e.Message);
            return 2;
        }
        var installed = AutostartRunner.Run(AutostartPlan.Install(platform, user, AutostartRunner.CurrentProgram(arguments)), output);
        if (installed == 0)
            output.WriteLine($"讀卡程式會在每次登入時啟動，位址 {options.Urls}，只回應 {string.Join("、", options.AllowedOrigins)}。");
        return installed;
    }
}
