using System.Globalization;
using System.Security;
using System.Text;

namespace CardAgent.Install;

/// <summary>The three desktop systems the agent ships for.</summary>
public enum AutostartPlatform
{
    Windows,
    MacOS,
    Linux,
}

/// <summary>The program line that starts the agent: the executable, its arguments and its folder.</summary>
public sealed record AgentCommand(string Program, IReadOnlyList<string> Arguments, string WorkingDirectory);

/// <summary>Where one user's start-at-login settings live: the home folder, XDG_CONFIG_HOME (Linux) and the user id (macOS).</summary>
public sealed record AutostartUser(string Home, string? XdgConfigHome, uint UserId);

/// <summary>One thing install or uninstall does; <see cref="AutostartRunner"/> carries it out and says what it did.</summary>
public abstract record AutostartStep;

public sealed record WriteFileStep(string Path, string Content) : AutostartStep;

/// <summary>A symbolic link, as <c>systemctl --user enable</c> makes it (done by hand so it works without a running user manager).</summary>
public sealed record LinkFileStep(string Path, string Target) : AutostartStep;

public sealed record RemoveFileStep(string Path) : AutostartStep;

/// <summary>A value under HKCU\Software\Microsoft\Windows\CurrentVersion\Run: Windows starts it at the user's login.</summary>
public sealed record SetRunValueStep(string Name, string CommandLine) : AutostartStep;

public sealed record RemoveRunValueStep(string Name) : AutostartStep;

/// <summary>A system program (systemctl, launchctl) whose failure is reported with what it means, not fatal: the files are what persists.</summary>
public sealed record RunProgramStep(string Program, IReadOnlyList<string> Arguments, string IfFailed) : AutostartStep;

/// <summary>Starts the agent now, detached from this console (Windows, where nothing else would until the next login).</summary>
public sealed record StartAgentStep(AgentCommand Command) : AutostartStep;

/// <summary>
/// What <c>CardAgent install</c> and <c>uninstall</c> do on each system, as data: per user and without
/// administrator rights — a systemd user unit (Linux), a LaunchAgent (macOS), the Run key (Windows).
/// Tests check these plans for every system; the runner applies the one for this machine.
/// </summary>
public static class AutostartPlan
{
    /// <summary>The one name the agent is known by: unit, LaunchAgent label and Run value.</summary>
    public const string Name = "evs-card-agent";

    public const string RunKey = @"HKCU\Software\Microsoft\Windows\CurrentVersion\Run";

    private const string StartsAtNextLogin = "讀卡程式會在下次登入時啟動";
    private const string GoneAtNextLogin = "下次登入時就不會再啟動";

    public static AutostartPlatform Current() =>
        OperatingSystem.IsWindows() ? AutostartPlatform.Windows
        : OperatingSystem.IsMacOS() ? AutostartPlatform.MacOS
        : AutostartPlatform.Linux;

    public static IReadOnlyList<AutostartStep> Install(AutostartPlatform platform, AutostartUser user, AgentCommand command) => platform switch
    {
        AutostartPlatform.Linux =>
        [
            new WriteFileStep(SystemdUnitPath(user), SystemdUnit(command)),
            new LinkFileStep(SystemdWantsLinkPath(user), SystemdUnitPath(user)),
            new RunProgramStep("systemctl", ["--user", "daemon-reload"], StartsAtNextLogin),
            new RunProgramStep("systemctl", ["--user", "restart", Name + ".service"], StartsAtNextLogin),
        ],
        AutostartPlatform.MacOS =>
        [
            new WriteFileStep(LaunchAgentPath(user), LaunchAgentPlist(command)),
            // A second install replaces the loaded job; bootout fails harmlessly when none is loaded.
            new RunProgramStep("launchctl", ["bootout", $"gui/{user.UserId.ToString(CultureInfo.InvariantCulture)}/{Name}"], "之前沒有載入"),
            new RunProgramStep("launchctl", ["bootstrap", $"gui/{user.UserId.ToString(CultureInfo.InvariantCulture)}", LaunchAgentPath(user)], StartsAtNextLogin),
        ],
        _ =>
        [
            new SetRunValueStep(Name, WindowsCommandLine(command)),
            new StartAgentStep(command),
        ],
    };

    public static IReadOnlyList<AutostartStep> Uninstall(AutostartPlatform platform, AutostartUser user) => platform switch
    {
        AutostartPlatform.Linux =>
        [
            new RunProgramStep("systemctl", ["--user", "stop", Name + ".service"], "執行中的讀卡程式於登出時結束"),
            new RemoveFileStep(SystemdWantsLinkPath(user)),
            new RemoveFileStep(SystemdUnitPath(user)),
            new RunProgramStep("systemctl", ["--user", "daemon-reload"], GoneAtNextLogin),
        ],
        AutostartPlatform.MacOS =>
        [
            new RunProgramStep("launchctl", ["bootout", $"gui/{user.UserId.ToString(CultureInfo.InvariantCulture)}/{Name}"], "執行中的讀卡程式於登出時結束"),
            new RemoveFileStep(LaunchAgentPath(user)),
        ],
        _ => [new RemoveRunValueStep(Name)],
    };

    public static string SystemdUnitPath(AutostartUser user) => Path.Combine(SystemdUserFolder(user), Name + ".service");

    public static string SystemdWantsLinkPath(AutostartUser user) => Path.Combine(SystemdUserFolder(user), "default.target.wants", Name + ".service");

    public static string LaunchAgentPath(AutostartUser user) => Path.Combine(user.Home, "Library", "LaunchAgents", Name + ".plist");

    private static string SystemdUserFolder(AutostartUser user) =>
        Path.Combine(string.IsNullOrEmpty(user.XdgConfigHome) ? Path.Combine(user.Home, ".config") : user.XdgConfigHome, "systemd", "user");

    /// <summary>A user unit started with the user's session (default.target) and again after a crash.</summary>
    public static string SystemdUnit(AgentCommand command)
    {
        var execStart = string.Join(' ', new[] { command.Program }.Concat(command.Arguments).Select(SystemdQuote));
        return $"""
            # Written by `CardAgent install`; `CardAgent uninstall` removes it.
            [Unit]
            Description=EVS card agent (讀卡程式): card steps of the certificate registration service

            [Service]
            Type=exec
            ExecStart={execStart}
            WorkingDirectory={command.WorkingDirectory.Replace("%", "%%", StringComparison.Ordinal)}
            Restart=on-failure
            RestartSec=5

            [Install]
            WantedBy=default.target

            """;
    }

    /// <summary>One ExecStart word: double-quoted, C escapes for \ and ", and systemd's own % and $ doubled.</summary>
    public static string SystemdQuote(string word)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in word)
        {
            quoted.Append(c switch
            {
                '\\' => @"\\",
                '"' => "\\\"",
                '%' => "%%",
                '$' => "$$",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>A LaunchAgent loaded at login (RunAtLoad) and restarted when it stops with an error.</summary>
    public static string LaunchAgentPlist(AgentCommand command)
    {
        var arguments = string.Concat(new[] { command.Program }.Concat(command.Arguments).Select(a => $"\n    <string>{SecurityElement.Escape(a)}</string>"));
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <!-- Written by `CardAgent install`; `CardAgent uninstall` removes it. -->
            <plist version="1.0">
            <dict>
              <key>Label</key>
              <string>{Name}</string>
              <key>ProgramArguments</key>
              <array>{arguments}
              </array>
              <key>WorkingDirectory</key>
              <string>{SecurityElement.Escape(command.WorkingDirectory)}</string>
              <key>RunAtLoad</key>
              <true/>
              <key>KeepAlive</key>
              <dict>
                <key>SuccessfulExit</key>
                <false/>
              </dict>
              <key>ProcessType</key>
              <string>Interactive</string>
            </dict>
            </plist>

            """;
    }

    /// <summary>The Run value: the program and its arguments quoted the way CommandLineToArgvW splits them.</summary>
    public static string WindowsCommandLine(AgentCommand command) =>
        string.Join(' ', new[] { command.Program }.Concat(command.Arguments).Select(WindowsQuote));

    public static string WindowsQuote(string word)
    {
        if (word.Length > 0 && word.IndexOfAny([' ', '\t', '"']) < 0)
            return word;
        var quoted = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in word)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }
            // Backslashes are literal except before a quote, where each one must be doubled.
            quoted.Append('\\', c == '"' ? 2 * backslashes + 1 : backslashes).Append(c);
            backslashes = 0;
        }
        return quoted.Append('\\', 2 * backslashes).Append('"').ToString();
    }
}
