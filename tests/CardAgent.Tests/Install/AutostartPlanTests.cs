using System.Xml.Linq;
using CardAgent.Install;

namespace CardAgent.Tests.Install;

/// <summary>What install and uninstall would write on each system, checked as files and values (Linux runs for real in <see cref="LinuxInstallTests"/>).</summary>
public sealed class AutostartPlanTests
{
    private static readonly AgentCommand WindowsAgent = new(
        @"C:\Program Files\EVS\CardAgent.exe", ["--CardAgent:AllowedOrigins:0=https://evs.example.gov.tw"], @"C:\Program Files\EVS");

    private static readonly AgentCommand MacAgent = new(
        "/Applications/EVS Card Agent/CardAgent", ["--CardAgent:AllowedOrigins:0=https://evs.example.gov.tw", "--CardAgent:Note=<&>"], "/Applications/EVS Card Agent");

    [Fact]
    public void Windows_install_sets_the_per_user_Run_value_to_the_quoted_program_line_and_starts_it_now()
    {
        var steps = AutostartPlan.Install(AutostartPlatform.Windows, new AutostartUser(@"C:\Users\wang", null, 0), WindowsAgent);

        var run = steps.OfType<SetRunValueStep>().ShouldHaveSingleItem();
        run.Name.ShouldBe("evs-card-agent");
        run.CommandLine.ShouldBe("\"C:\\Program Files\\EVS\\CardAgent.exe\" --CardAgent:AllowedOrigins:0=https://evs.example.gov.tw");
        steps.OfType<StartAgentStep>().ShouldHaveSingleItem().Command.ShouldBe(WindowsAgent);
        steps.OfType<WriteFileStep>().ShouldBeEmpty("nothing but the HKCU Run value is written");
        AutostartPlan.Uninstall(AutostartPlatform.Windows, new AutostartUser(@"C:\Users\wang", null, 0))
            .ShouldHaveSingleItem().ShouldBe(new RemoveRunValueStep("evs-card-agent"));
    }

    [Theory]
    [InlineData(@"C:\a b\x.exe", "\"C:\\a b\\x.exe\"")]
    [InlineData("plain", "plain")]
    [InlineData("", "\"\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"C:\dir with space\", "\"C:\\dir with space\\\\\"")]
    public void Windows_words_are_quoted_the_way_CommandLineToArgvW_splits_them(string word, string expected)
    {
        AutostartPlan.WindowsQuote(word).ShouldBe(expected);
    }

    [Fact]
    public void MacOS_install_writes_a_LaunchAgent_that_runs_at_load_and_bootstraps_it_in_the_users_GUI_domain()
    {
        var user = new AutostartUser("/Users/wang", null, 501);

        var steps = AutostartPlan.Install(AutostartPlatform.MacOS, user, MacAgent);

        var file = steps.OfType<WriteFileStep>().ShouldHaveSingleItem();
        file.Path.ShouldBe("/Users/wang/Library/LaunchAgents/evs-card-agent.plist");
        var dict = XDocument.Parse(file.Content).Root!.Element("dict")!.Elements().ToList();
        string ValueOf(string key) => dict[dict.FindIndex(e => e.Name == "key" && e.Value == key) + 1].Value;
        XElement Element(string key) => dict[dict.FindIndex(e => e.Name == "key" && e.Value == key) + 1];
        ValueOf("Label").ShouldBe("evs-card-agent");
        Element("ProgramArguments").Elements("string").Select(e => e.Value)
            .ShouldBe(["/Applications/EVS Card Agent/CardAgent", "--CardAgent:AllowedOrigins:0=https://evs.example.gov.tw", "--CardAgent:Note=<&>"]);
        ValueOf("WorkingDirectory").ShouldBe("/Applications/EVS Card Agent");
        Element("RunAtLoad").Name.LocalName.ShouldBe("true");
        var bootstrap = steps.OfType<RunProgramStep>().Last();
        bootstrap.Program.ShouldBe("launchctl");
        bootstrap.Arguments.ShouldBe(["bootstrap", "gui/501", file.Path]);
        AutostartPlan.Uninstall(AutostartPlatform.MacOS, user).OfType<RemoveFileStep>().ShouldHaveSingleItem().Path.ShouldBe(file.Path);
    }

    [Fact]
    public void Linux_install_writes_a_systemd_user_unit_wanted_by_the_users_default_target()
    {
        var user = new AutostartUser("/home/wang", null, 1000);
        var agent = new AgentCommand("/opt/evs agent/CardAgent", ["--CardAgent:AllowedOrigins:0=https://evs.example.gov.tw", "100%$HOME"], "/opt/evs agent");

        var steps = AutostartPlan.Install(AutostartPlatform.Linux, user, agent);

        var unit = steps.OfType<WriteFileStep>().ShouldHaveSingleItem();
        unit.Path.ShouldBe("/home/wang/.config/systemd/user/evs-card-agent.service");
        var lines = unit.Content.Split('\n');
        lines.ShouldContain("ExecStart=\"/opt/evs agent/CardAgent\" \"--CardAgent:AllowedOrigins:0=https://evs.example.gov.tw\" \"100%%$$HOME\"");
        lines.ShouldContain("WorkingDirectory=/opt/evs agent");
        lines.ShouldContain("WantedBy=default.target");
        lines.ShouldContain("Restart=on-failure");
        steps.OfType<LinkFileStep>().ShouldHaveSingleItem()
            .ShouldBe(new LinkFileStep("/home/wang/.config/systemd/user/default.target.wants/evs-card-agent.service", unit.Path));
    }

    [Fact]
    public void Linux_unit_goes_under_XDG_CONFIG_HOME_when_it_is_set()
    {
        var user = new AutostartUser("/home/wang", "/home/wang/.cfg", 1000);

        AutostartPlan.SystemdUnitPath(user).ShouldBe("/home/wang/.cfg/systemd/user/evs-card-agent.service");
    }
}
