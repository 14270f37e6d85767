using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security;

namespace CardAgent.Install;

/// <summary>
/// Carries out an <see cref="AutostartPlan"/> on this machine and prints, in zh-TW, one line per thing it
/// did. File and registry steps must succeed (exit code 1 otherwise); a system program that fails (no
/// systemd user manager, launchd refusing) is reported and the rest goes on, because the files it
/// wrote already make the agent start at the next login.
/// </summary>
public static partial class AutostartRunner
{
    /// <summary>The user running this process.</summary>
    public static AutostartUser CurrentUser()
    {
        // DoNotVerify: a home folder that does not exist yet is still the one to write under, never the current folder.
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
        if (!Path.IsPathRooted(home))
            throw new InvalidOperationException("the user's home folder is unknown: set HOME (USERPROFILE on Windows)");
        return new AutostartUser(home, Environment.GetEnvironmentVariable("XDG_CONFIG_HOME"), OperatingSystem.IsWindows() ? 0 : GetEffectiveUserId());
    }

    /// <summary>This very program with the given arguments: the single-file executable, or <c>dotnet CardAgent.dll</c>.</summary>
    public static AgentCommand CurrentProgram(IEnumerable<string> arguments)
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown");
        var all = new List<string>();
        if (Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            all.Add(Path.Combine(AppContext.BaseDirectory, typeof(AutostartRunner).Assembly.GetName().Name + ".dll"));
        all.AddRange(arguments);
        return new AgentCommand(process, all, Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
    }

    public static int Run(IReadOnlyList<AutostartStep> steps, TextWriter output)
    {
        foreach (var step in steps)
        {
            try
            {
                output.WriteLine(Apply(step));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException)
            {
                output.WriteLine($"失敗：{Describe(step)}（{e.Message}）");
                return 1;
            }
        }
        return 0;
    }

    private static string Apply(AutostartStep step)
    {
        switch (step)
        {
            case WriteFileStep write:
                Directory.CreateDirectory(Path.GetDirectoryName(write.Path)!);
                File.WriteAllText(write.Path, write.Content);
                return $"已寫入 {write.Path}";
            case LinkFileStep link:
                Directory.CreateDirectory(Path.GetDirectoryName(link.Path)!);
                if (File.Exists(link.Path) || new FileInfo(link.Path).LinkTarget is not null)
                    File.Delete(link.Path);
                File.CreateSymbolicLink(link.Path, link.Target);
                return $"已建立連結 {link.Path} → {link.Target}";
            case RemoveFileStep remove:
                if (!File.Exists(remove.Path) && new FileInfo(remove.Path).LinkTarget is null)
                    return $"沒有 {remove.Path}，不需刪除";
                File.Delete(remove.Path);
                return $"已刪除 {remove.Path}";
            case SetRunValueStep set when OperatingSystem.IsWindows():
                WindowsRunKey.Set(set.Name, set.CommandLine);
                return $"已設定登錄值 {AutostartPlan.RunKey}\\{set.Name} = {set.CommandLine}";
            case RemoveRunValueStep remove when OperatingSystem.IsWindows():
                return WindowsRunKey.Remove(remove.Name)
                    ? $"已刪除登錄值 {AutostartPlan.RunKey}\\{remove.Name}（執行中的讀卡程式於登出時結束）"
                    : $"沒有登錄值 {AutostartPlan.RunKey}\\{remove.Name}，不需刪除";
            case RunProgramStep program:
                return RunProgram(program);
            case StartAgentStep start:
                return StartAgent(start.Command);
            default:
                throw new IOException($"{step.GetType().Name} cannot be done on this system");
        }
    }

    private static string RunProgram(RunProgramStep step)
    {
        var line = $"{step.Program} {string.Join(' ', step.Arguments)}";
        try
        {
            var info = new ProcessStartInfo(step.Program, step.Arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            var errors = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0
                ? $"已執行 {line}"
                : $"未能執行 {line}（結束代碼 {process.ExitCode}：{errors.Result.Trim()}）；{step.IfFailed}";
        }
        catch (Win32Exception e)
        {
            return $"未能執行 {line}（{e.Message}）；{step.IfFailed}";
        }
    }

    private static string StartAgent(AgentCommand command)
    {
        try
        {
            var info = new ProcessStartInfo(command.Program, command.Arguments)
            {
                WorkingDirectory = command.WorkingDirectory,
                UseShellExecute = true,
                WindowStyle = ProcessWindowStyle.Hidden,
            };
            using var process = Process.Start(info);
            return $"已啟動讀卡程式（程序 {process?.Id}）";
        }
        catch (Win32Exception e)
        {
            return $"未能立即啟動讀卡程式（{e.Message}）；下次登入時會啟動";
        }
    }

    private static string Describe(AutostartStep step) => step switch
    {
        WriteFileStep write => $"寫入 {write.Path}",
        LinkFileStep link => $"建立連結 {link.Path}",
        RemoveFileStep remove => $"刪除 {remove.Path}",
        SetRunValueStep set => $"設定登錄值 {set.Name}",
        RemoveRunValueStep remove => $"刪除登錄值 {remove.Name}",
        _ => step.GetType().Name,
    };

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [SupportedOSPlatform("windows")]
    private static class WindowsRunKey
    {
        private const string SubKey = @"Software\Microsoft\Windows\CurrentVersion\Run";

        public static void Set(string name, string commandLine)
        {
            using var key = Microsoft.Win32.Registry.CurrentUser.CreateSubKey(SubKey, writable: true);
            key.SetValue(name, commandLine, Microsoft.Win32.RegistryValueKind.String);
        }

        public static bool Remove(string name)
        {
            using var key = Microsoft.Win32.Registry.CurrentUser.OpenSubKey(SubKey, writable: true);
            if (key?.GetValue(name) is null)
                return false;
            key.DeleteValue(name);
            return true;
        }
    }
}
