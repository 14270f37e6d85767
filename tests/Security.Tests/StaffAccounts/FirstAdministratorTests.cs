using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Security.Tests.Harness;
using TestPki;
using Web.Hosting;
using Web.Pages.Admin.Staff;

namespace Security.Tests.StaffAccounts;

/// <summary>
/// The deployment whose first administrator was opened the way agency IT opens it: <c>dotnet Web.dll admin create-first</c>
/// as its own process on the service's store, the holder's national ID and the password on standard input.
/// </summary>
public sealed class FirstAdministratorDeployment : SecureDeployment
{
    public const string Account = "first-admin";
    public const string Password = "the first keeper of this service";

    public CommandRun Opened { get; private set; } = null!;

    public string StorePath => Path.Combine(DataDirectory, "events.db");

    protected override async Task OpenStaffAccountAsync() =>
        Opened = await FirstAdministratorCommand.RunAsync(StorePath, ["--account", Account, "--display-name", "第一位系統管理者", "--holder-name", Holder.Name],
            $"{Holder.NationalId}\n{Password}\n");

    /// <summary>The person the command records: the holder of <see cref="SecureDeployment.StaffCard"/>.</summary>
    public static CitizenHolder Holder => TestPkiCache.Get().Leaf(StaffCard).Citizen!;
}

public sealed record CommandRun(int ExitCode, string Output, string Error);

/// <summary>Runs Web.dll's first-administrator command as its own process, in Production, on a SQLite store.</summary>
public static class FirstAdministratorCommand
{
    public static async Task<CommandRun> RunAsync(string storePath, IEnumerable<string> arguments, string standardInput)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // Where the service's files are (appsettings.json): the command reads the service's configuration.
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Web.dll"));
        foreach (var argument in new[] { "admin", "create-first" }.Concat(arguments))
            start.ArgumentList.Add(argument);
        foreach (var setting in new[] { "--environment", "Production", "--EventStore:Provider=sqlite", $"--EventStore:Sqlite:Path={storePath}" })
            start.ArgumentList.Add(setting);
        // The Argon2 cost of the test hosts (the production cost is measured elsewhere).
        start.ArgumentList.Add("--Authentication:Passwords:MemoryKiB=1024");
        start.ArgumentList.Add("--Authentication:Passwords:Iterations=1");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(standardInput);
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }

        return new CommandRun(process.ExitCode, await output, await error);
    }

    /// <summary>How many events the SQLite store at <paramref name="storePath"/> holds (0 when it has no event table yet).</summary>
    public static async Task<long> EventCountAsync(string storePath)
    {
        if (!File.Exists(storePath))
            return 0;
        await using var connection = new SqliteConnection($"Data Source={storePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'events'";
        if ((long)(await command.ExecuteScalarAsync())! == 0)
            return 0;
        command.CommandText = "SELECT COUNT(*) FROM events";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// Issue 14 point 4: a new deployment's first administrator comes from a one-shot command that refuses once any
/// administrator exists, takes the password and national ID from standard input only, and records the holder as the
/// page does (keyed hash, masked ID, last four digits) — and that administrator signs in with both factors.
/// </summary>
public class FirstAdministratorTests(FirstAdministratorDeployment deployment) : IClassFixture<FirstAdministratorDeployment>
{
    private static string Origin(SecureDeployment d) => d.PublicOrigin.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task The_command_opens_an_administrator_who_signs_in_with_password_and_the_holders_card()
    {
        var holder = FirstAdministratorDeployment.Holder;
        deployment.Opened.ExitCode.ShouldBe(0, deployment.Opened.Error);
        deployment.Opened.Output.ShouldContain(FirstAdministratorDeployment.Account);
        deployment.Opened.Output.ShouldContain(holder.NationalId[..3] + "****" + holder.NationalId[^3..]);
        (deployment.Opened.Output + deployment.Opened.Error).ShouldNotContain(holder.NationalId);

        // The events: opened by the command's actor, the holder kept as the keyed hash, masked ID and last four digits only.
        var events = await deployment.Store.EventsAfterAsync(EventStore.Position.Start);
        var account = events.Where(e => e.StreamId == $"account-{FirstAdministratorDeployment.Account}").ToList();
        account.Select(e => e.Type).ShouldBe(["PasswordAccountOpened.v1", "StaffCardHolderRecorded.v1"]);
        var recorded = Encoding.UTF8.GetString(account[1].Data.Span);
        recorded.ShouldContain(FirstAdministrator.Actor);
        recorded.ShouldContain(holder.NationalId[^4..]);
        var stored = events.Select(e => Encoding.UTF8.GetString(e.Data.Span) + Encoding.UTF8.GetString(e.Metadata.Span)).ToList();
        stored.ShouldAllBe(text => !text.Contains(holder.NationalId) && !text.Contains(FirstAdministratorDeployment.Password));

        // The password alone opens no session; the holder's card finishes the sign-in, and the administrator's page opens.
        using var admin = new Visitor(deployment, "10.1.2.3");
        await admin.GetAsync("/Account/SignIn");
        var (_, second) = await admin.PostAsync("/Account/SignIn?handler=Password",
            ("Input.Account", FirstAdministratorDeployment.Account), ("Input.Password", FirstAdministratorDeployment.Password));
        second.ShouldContain("staff-password-ok");
        (await admin.GetAsync("/Admin/Staff")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect, "no session after the password alone");
        await admin.GetAsync("/Account/SignIn");
        await admin.PostAsync("/Account/SignIn?handler=Password",
            ("Input.Account", FirstAdministratorDeployment.Account), ("Input.Password", FirstAdministratorDeployment.Password));
        var (signedIn, _) = await admin.PostAsync("/Account/SignIn?handler=VerifyStaffCard", ("CardStep.Challenge", admin.Challenge!),
            ("CardStep.Token", CardTokens.Sign(SecureDeployment.StaffCard, Origin(deployment), admin.Challenge!)));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (staffPage, html) = await admin.GetAsync("/Admin/Staff");
        staffPage.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain(FirstAdministratorDeployment.Account);
    }

    [Fact]
    public async Task Once_an_administrator_exists_the_command_refuses_and_writes_nothing()
    {
        var before = await deployment.Store.HeadAsync();

        var again = await FirstAdministratorCommand.RunAsync(deployment.StorePath,
            ["--account", "second-admin", "--display-name", "第二位", "--holder-name", FirstAdministratorDeployment.Holder.Name],
            $"{FirstAdministratorDeployment.Holder.NationalId}\nanother long enough passphrase\n");

        again.ExitCode.ShouldBe(FirstAdministrator.RefusedExitCode, again.Error);
        again.Error.ShouldContain("administrator already");
        again.Error.ShouldContain(FirstAdministratorDeployment.Account);
        await deployment.Store.ShouldHaveNoEventsAfterAsync(before);
    }

    [Theory]
    [InlineData("--password=a long enough passphrase")]
    [InlineData("--national-id=A123456789")]
    public async Task A_secret_on_the_command_line_is_refused_without_being_repeated(string secret)
    {
        var (run, written) = await OnANewStoreAsync(["--account", "first-admin", "--display-name", "管理者", "--holder-name", "王小明", secret], "");

        run.ExitCode.ShouldBe(FirstAdministrator.RefusedExitCode);
        run.Error.ShouldContain("standard input");
        run.Error.ShouldNotContain(secret.Split('=')[1]);
        written.ShouldBe(0);
    }

    [Theory]
    [InlineData("A123456789", "short pass", "password (standard input, line 2): 密碼至少要有 12 個字元")]
    [InlineData("A123456789", "1q2w3e4r-2026!", "password (standard input, line 2): 這個密碼太常見")]
    [InlineData("A12345678", "a long enough passphrase", "national ID (standard input, line 1): ")]
    public async Task Bad_input_on_standard_input_is_named_in_zh_TW_and_nothing_is_written(string nationalId, string password, string said)
    {
        var (run, written) = await OnANewStoreAsync(["--account", "first-admin", "--display-name", "管理者", "--holder-name", "王小明"], $"{nationalId}\n{password}\n");

        run.ExitCode.ShouldBe(FirstAdministrator.RefusedExitCode, run.Output);
        run.Error.ShouldContain(said);
        run.Error.ShouldNotContain("Unhandled exception");
        run.Error.ShouldNotContain(nationalId);
        written.ShouldBe(0);
    }

    /// <summary>Runs the command on a store of its own, and counts the events it holds afterwards.</summary>
    private static async Task<(CommandRun Run, long Written)> OnANewStoreAsync(string[] arguments, string standardInput)
    {
        var directory = Path.Combine(Path.GetTempPath(), "evs-security", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var store = Path.Combine(directory, "events.db");
            var run = await FirstAdministratorCommand.RunAsync(store, arguments, standardInput);
            return (run, await FirstAdministratorCommand.EventCountAsync(store));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Bad_configuration_is_one_line_naming_the_setting_with_exit_code_2()
    {
        var run = await FirstAdministratorCommand.RunAsync("/dev/null/events.db", ["--account", "first-admin", "--display-name", "管理者", "--holder-name", "王小明"],
            "A123456789\na long enough passphrase\n");

        run.ExitCode.ShouldBe(StartUpGuard.BadConfigurationExitCode, run.Error);
        run.Error.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldContain("EventStore:Sqlite:Path");
    }
}
