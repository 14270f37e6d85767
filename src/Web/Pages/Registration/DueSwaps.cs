using System.Security.Cryptography;
using System.Text;
using Domain.ReferenceData;
using Domain.Registration;
using ReadModels.Registration;
using Web.Messaging;

namespace Web.Pages.Registration;

/// <summary>
/// Applies both-cards swaps whose cooling-off period has ended, once a minute on every node. Exactly once across nodes
/// comes from the stream, not from this loop: the apply command is decided on the agency's stream at the version read,
/// so of two nodes applying the same request one appends and the other, retrying after the lost race, finds it applied
/// and appends nothing; both send the same command id (derived from agency and request), so a resend is a no-op too.
/// </summary>
public sealed partial class DueSwaps(BothSwapRequestsQuery requests, CommandPipeline pipeline, TimeProvider time, ILogger<DueSwaps> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>The actor of a swap applied because its period ended.</summary>
    public const string Actor = "system:cooling-off";

    /// <summary>
    /// Applies every pending swap due by now; answers how many it saw take effect. A node that sends the command another
    /// node already appended gets that append back as its answer (same command id), so both count it; the stream holds it once.
    /// </summary>
    public async Task<int> ApplyDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var applied = 0;
        foreach (var due in await requests.DueAsync(now, cancellationToken))
        {
            var command = new ApplyDueBothCertificatesSwap(CommandIdOf(due.AgencyCode, due.RequestNumber), AgencyCode.Of(due.AgencyCode), Actor, now, due.RequestNumber);
            var outcome = await pipeline.SendAsync(command, AgencyRegistrations.ReadModels, cancellationToken);
            if (outcome.TryGetValue(out var recorded))
            {
                if (recorded.Events.Count > 0)
                {
                    applied++;
                    LogApplied(logger, due.AgencyCode, due.RequestNumber);
                }
            }
            else
            {
                // Refused or approved meanwhile: the read model had not caught up; nothing to do.
                LogSkipped(logger, due.AgencyCode, due.RequestNumber, outcome.Rejections[0].Code);
            }
        }
        return applied;
    }

    /// <summary>The one command id every node uses for applying this request.</summary>
    public static Guid CommandIdOf(string agencyCode, int requestNumber) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"evs:both-swap-due:{agencyCode}:{requestNumber}")).AsSpan(0, 16));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // A delay per round (as StateSweeper): a fake clock moved on by days wakes it once.
            while (true)
            {
                await Task.Delay(Interval, time, stoppingToken);
                try
                {
                    await ApplyDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
                {
                    // The database is away for a moment: the next round tries again.
                    LogFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Both-cards swap {Agency} #{Request} took effect after its cooling-off period")]
    private static partial void LogApplied(ILogger logger, string agency, int request);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Both-cards swap {Agency} #{Request} not applied: {Code}")]
    private static partial void LogSkipped(ILogger logger, string agency, int request, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying due both-cards swaps failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
