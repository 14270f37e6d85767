using System.Runtime.CompilerServices;
using CardAgent.Pcsc;

namespace CardAgent.Tests.Pcsc;

/// <summary>The native structs match each platform's C layout byte for byte.</summary>
public sealed class StructLayoutTests
{
    [Fact]
    public void Pcsc_lite_reader_state_is_80_bytes_with_8_byte_DWORDs_on_64_bit_Linux()
    {
        Environment.Is64BitProcess.ShouldBeTrue("the agent ships 64-bit");
        Unsafe.SizeOf<PcscLiteReaderState>().ShouldBe(80);
        Unsafe.SizeOf<nuint>().ShouldBe(8);
        Unsafe.SizeOf<PcscLiteIoRequest>().ShouldBe(16);
    }

    [Fact]
    public void WinSCard_reader_state_is_64_bytes_with_a_36_byte_ATR()
    {
        Unsafe.SizeOf<WinScardReaderState>().ShouldBe(64);
        Unsafe.SizeOf<WinScardIoRequest>().ShouldBe(8);
    }

    [Fact]
    public void MacOS_reader_state_is_packed_to_61_bytes()
    {
        Unsafe.SizeOf<MacReaderState>().ShouldBe(61);
        Unsafe.SizeOf<MacIoRequest>().ShouldBe(8);
    }

    [Fact]
    public unsafe void Pcsc_lite_fields_sit_at_their_C_offsets()
    {
        var state = default(PcscLiteReaderState);
        var start = (byte*)&state;
        ((byte*)&state.CurrentState - start).ShouldBe(16);
        ((byte*)&state.EventState - start).ShouldBe(24);
        ((byte*)&state.AtrLength - start).ShouldBe(32);
        (state.Atr - start).ShouldBe(40);
    }
}
