using System.Collections.ObjectModel;
using System.Diagnostics;
using Domain.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;
using Web.Authentication;
using Web.Tests.Authentication;
using Web.Tests.TestSupport;

namespace Web.Tests.Hosting;

/// <summary>
/// With tracing on (Web/Hosting/Telemetry.cs), one staff card sign-in is one trace: the request, the card step's
/// verification and the command it sends, the command's append, and the projection applying the appended event.
/// </summary>
public sealed class TracingTests(TracingTests.App app) : IClassFixture<TracingTests.App>
{
    public sealed class App : WebAppFactory
    {
        public SpanList Spans { get; } = [];

        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Telemetry:Enabled", "true")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));
        }
    }

    /// <summary>The in-memory exporter's list, safe for the request's thread and the projection runner's at once.</summary>
    public sealed class SpanList : Collection<Activity>
    {
        private readonly Lock _lock = new();

        public IReadOnlyList<Activity> Snapshot()
        {
            lock (_lock)
                return [.. Items];
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (_lock)
                base.InsertItem(index, item);
        }
    }

    [Fact]
    public async Task A_card_sign_in_is_one_trace_from_the_request_through_the_command_and_append_to_the_projection()
    {
        await SignInSupport.OpenAsync(app, "traced", AccountKind.Staff, Roles.Reviewer);
        var client = SignInSupport.Client(app);
        // The sources and ASP.NET Core's listener are process-wide: other test classes' apps, running meanwhile, record
        // into this exporter too. This sign-in's requests carry a trace of their own, and only its spans are read.
        var trace = ActivityTraceId.CreateRandom();
        client.DefaultRequestHeaders.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        using var signedIn = await SignInSupport.SignInStaffAsync(app, client, "traced");

        ((int)signedIn.StatusCode).ShouldBe(302);
        var everything = app.Spans.Snapshot();
        var spans = everything.Where(s => s.TraceId == trace).ToList();
        var verify = spans.Last(s => s.OperationName == "card-step verify");
        verify.Status.ShouldBe(ActivityStatusCode.Unset, "the card was accepted");
        var request = spans.Single(s => s.SpanId == verify.ParentSpanId);
        request.Source.Name.ShouldBe("Microsoft.AspNetCore");
        request.GetTagItem("url.path").ShouldBe("/Account/SignIn");
        var command = spans.Single(s => s.OperationName == "command" && s.ParentSpanId == request.SpanId);
        command.GetTagItem("evs.command").ShouldBe("CompleteStaffSignIn");
        var append = spans.Single(s => s.OperationName == "append" && s.ParentSpanId == command.SpanId);
        append.GetTagItem("evs.stream.category").ShouldBe("account");
        // The page waited for the staff accounts' read model, so its projection has applied the event by now.
        var projected = spans.Where(s => s.OperationName == "project" && s.ParentSpanId == append.SpanId).ToList();
        projected.ShouldNotBeEmpty();
        projected.ShouldAllBe(s => s.TraceId == request.TraceId && Equals(s.GetTagItem("evs.position"), append.GetTagItem("evs.position")));
        // Nothing personal in any span: the holder's national ID appears in no tag.
        var nationalId = TestPki.TestPkiCache.Get().Leaf(SignInSupport.StaffCard).Citizen!.NationalId;
        everything.SelectMany(s => s.TagObjects).ShouldAllBe(tag => !(tag.Value ?? "").ToString()!.Contains(nationalId));
    }
}
