using System.Text.Json.Nodes;
using Domain.Common;
using EventStore.Serialization;
using EventStore.Tests.CommandHandling;

namespace EventStore.Tests.Serialization;

public sealed class EventTypeRegistryTests
{
    [EventType("NoteWritten", 3)]
    public sealed record NoteWritten(string Text, DateTimeOffset WrittenAt);

    [EventType("LetterSent", 2)]
    public sealed record LetterSent(string Recipient)
    {
        [UpcastsFrom("LetterSent.v1")]
        public static JsonObject FromVersion1(JsonObject v1) => new() { ["recipient"] = v1["to"]!.GetValue<string>().ToUpperInvariant() };
    }

    /// <summary>A type made at run time, so the clash does not sit in this assembly for the scanning test to trip on.</summary>
    private static Type ClashingType(string name, int version)
    {
        var assembly = System.Reflection.Emit.AssemblyBuilder.DefineDynamicAssembly(new System.Reflection.AssemblyName("Clash"), System.Reflection.Emit.AssemblyBuilderAccess.Run);
        var type = assembly.DefineDynamicModule("Clash").DefineType("ClashingNote", System.Reflection.TypeAttributes.Public | System.Reflection.TypeAttributes.Sealed);
        type.SetCustomAttribute(new System.Reflection.Emit.CustomAttributeBuilder(typeof(EventTypeAttribute).GetConstructor([typeof(string), typeof(int)])!, [name, version]));
        return type.CreateType();
    }

    private static RecordedEvent Stored(EventData data) => new(new Position(1), "s", StreamRevision.Start, data.EventId, data.Type, data.Data, data.Metadata,
        DateTimeOffset.UnixEpoch, HashChain.Genesis, HashChain.Genesis);

    [Fact]
    public void Scanning_an_assembly_registers_every_event_type_by_its_stable_name()
    {
        var registry = EventTypeRegistry.FromAssemblies(typeof(TallyRaised).Assembly, typeof(TallyRaised).Assembly);

        registry.StoredNameOf<TallyRaised>().ShouldBe("TallyRaised.v2");
        registry.StoredNames.ShouldContain("TallyRaised.v2");
    }

    [Fact]
    public void Two_records_may_not_share_a_stored_name()
    {
        var registry = new EventTypeRegistry().Register<NoteWritten>();

        Should.Throw<InvalidOperationException>(() => registry.Register(ClashingType("NoteWritten", 3))).Message.ShouldContain("NoteWritten.v3");
    }

    [Fact]
    public void An_event_round_trips_through_camel_case_json_under_its_stored_name()
    {
        var registry = new EventTypeRegistry().Register<NoteWritten>();
        var note = new NoteWritten("hi", new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

        var data = registry.ToEventData(note, Guid.NewGuid(), new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), "me"));

        data.Type.ShouldBe("NoteWritten.v3");
        System.Text.Encoding.UTF8.GetString(data.Data.Span).ShouldBe("""{"text":"hi","writtenAt":"2026-03-04T05:06:07+00:00"}""");
        registry.Deserialize(Stored(data)).ShouldBe(note);
    }

    [Fact]
    public void Upcasters_chain_from_a_retired_name_to_the_current_record()
    {
        var registry = new EventTypeRegistry()
            .Register<NoteWritten>()
            .AddUpcaster("NoteWritten.v1", "NoteWritten.v2", v1 => new JsonObject { ["body"] = v1["note"]!.GetValue<string>() })
            .AddUpcaster("NoteWritten.v2", "NoteWritten.v3", v2 => new JsonObject { ["text"] = v2["body"]!.GetValue<string>(), ["writtenAt"] = "2020-01-01T00:00:00+00:00" });
        var v1 = new EventData(Guid.NewGuid(), "NoteWritten.v1", """{"note":"old"}"""u8.ToArray(), EventData.EmptyMetadata);

        registry.Deserialize(Stored(v1)).ShouldBe(new NoteWritten("old", new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_record_brings_its_own_upcasters_when_it_is_registered()
    {
        var registry = new EventTypeRegistry().Register<LetterSent>();
        var v1 = new EventData(Guid.NewGuid(), "LetterSent.v1", """{"to":"mei"}"""u8.ToArray(), EventData.EmptyMetadata);

        registry.Deserialize(Stored(v1)).ShouldBe(new LetterSent("MEI"));
        registry.TryResolveType("LetterSent.v1", out var type).ShouldBeTrue();
        type.ShouldBe(typeof(LetterSent));
        new EventTypeRegistry().TryResolveType("LetterSent.v1", out _).ShouldBeFalse("the upcaster comes with the record, not on its own");
    }

    [Fact]
    public void An_upcaster_that_does_not_map_json_to_json_is_refused_when_its_record_is_registered()
    {
        var assembly = System.Reflection.Emit.AssemblyBuilder.DefineDynamicAssembly(new System.Reflection.AssemblyName("BrokenUpcaster"), System.Reflection.Emit.AssemblyBuilderAccess.Run);
        var type = assembly.DefineDynamicModule("BrokenUpcaster").DefineType("BrokenNote", System.Reflection.TypeAttributes.Public | System.Reflection.TypeAttributes.Sealed);
        type.SetCustomAttribute(new System.Reflection.Emit.CustomAttributeBuilder(typeof(EventTypeAttribute).GetConstructor([typeof(string), typeof(int)])!, ["BrokenNote", 2]));
        var method = type.DefineMethod("FromVersion1", System.Reflection.MethodAttributes.Public | System.Reflection.MethodAttributes.Static, typeof(string), [typeof(string)]);
        method.SetCustomAttribute(new System.Reflection.Emit.CustomAttributeBuilder(typeof(UpcastsFromAttribute).GetConstructor([typeof(string)])!, ["BrokenNote.v1"]));
        var il = method.GetILGenerator();
        il.Emit(System.Reflection.Emit.OpCodes.Ldarg_0);
        il.Emit(System.Reflection.Emit.OpCodes.Ret);

        Should.Throw<InvalidOperationException>(() => new EventTypeRegistry().Register(type.CreateType())).Message.ShouldContain("BrokenNote.v1");
    }

    [Fact]
    public void An_unknown_stored_name_is_reported_not_guessed()
    {
        var registry = new EventTypeRegistry().Register<NoteWritten>();
        var unknown = new EventData(Guid.NewGuid(), "Mystery.v1", "{}"u8.ToArray(), EventData.EmptyMetadata);

        registry.TryDeserialize(Stored(unknown), out var e).ShouldBeFalse();
        e.ShouldBeNull();
        Should.Throw<InvalidOperationException>(() => registry.Deserialize(Stored(unknown))).Message.ShouldContain("Mystery.v1");
    }

    [Fact]
    public void An_upcaster_may_not_shadow_a_current_name_and_loops_are_caught()
    {
        var registry = new EventTypeRegistry().Register<NoteWritten>();

        Should.Throw<InvalidOperationException>(() => registry.AddUpcaster("NoteWritten.v3", "NoteWritten.v4", n => n));
        registry.AddUpcaster("A.v1", "A.v2", n => n).AddUpcaster("A.v2", "A.v1", n => n);
        Should.Throw<InvalidOperationException>(() => registry.Deserialize(Stored(new EventData(Guid.NewGuid(), "A.v1", "{}"u8.ToArray(), EventData.EmptyMetadata))));
    }
}

public sealed class DomainEventTypesTests
{
    [Fact]
    public void Every_registration_event_of_the_domain_registers_under_a_versioned_stable_name()
    {
        var registry = EventTypeRegistry.FromAssemblies(typeof(EventTypeAttribute).Assembly);

        foreach (var type in Domain.Registration.RegistrationEvent.Types)
            registry.StoredNameOf(type).ShouldMatch(@"^[A-Za-z]+\.v\d+$");
        registry.TryResolveType("OidReviewRequested.v1", out var retired).ShouldBeTrue("its upcaster sits on OidReviewRequested");
        retired.ShouldBe(typeof(Domain.Registration.OidReviewRequested));
    }
}
