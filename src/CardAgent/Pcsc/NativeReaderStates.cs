using System.Runtime.InteropServices;
using System.Text;

namespace CardAgent.Pcsc;

/// <summary>What the shared marshalling needs from each platform's SCARD_READERSTATE layout.</summary>
internal interface INativeReaderState
{
    /// <summary>Fills szReader and dwCurrentState before the call.</summary>
    void Prepare(nint reader, uint currentState);

    /// <summary>dwEventState after the call (state bits and the event counter).</summary>
    uint EventState { get; }

    /// <summary>The ATR bytes after the call.</summary>
    byte[] CopyAtr();
}

/// <summary>The parts of the PC/SC calls that do not depend on the platform's native types.</summary>
internal static unsafe class NativeReaderStates
{
    /// <summary>Calls SCardGetStatusChange through <paramref name="call"/> on a native array of <typeparamref name="T"/>.</summary>
    public delegate uint StatusCall<T>(T* states, int count) where T : unmanaged;

    /// <summary>Calls SCardListReaders through <paramref name="call"/>: buffer null asks for the length.</summary>
    public delegate uint ListCall<T>(T* buffer, ref int length) where T : unmanaged;

    public static uint GetStatusChange<T>(string[] readers, uint[] current, bool utf16, StatusCall<T> call, out ReaderStatus[] states)
        where T : unmanaged, INativeReaderState
    {
        states = [];
        var native = new T[readers.Length];
        var names = new nint[readers.Length];
        try
        {
            for (var i = 0; i < readers.Length; i++)
            {
                names[i] = utf16 ? Marshal.StringToCoTaskMemUni(readers[i]) : Marshal.StringToCoTaskMemUTF8(readers[i]);
                native[i].Prepare(names[i], current[i]);
            }
            uint rc;
            fixed (T* p = native)
                rc = call(p, readers.Length);
            if (rc != PcscCodes.Success)
                return rc;
            states = new ReaderStatus[readers.Length];
            for (var i = 0; i < readers.Length; i++)
            {
                var eventState = native[i].EventState;
                states[i] = new ReaderStatus(readers[i], (ReaderStates)(eventState & 0xFFFF), (int)(eventState >> 16), native[i].CopyAtr());
            }
            return rc;
        }
        finally
        {
            foreach (var name in names)
                Marshal.FreeCoTaskMem(name);
        }
    }

    /// <summary>Reader names from a multi-string of bytes (UTF-8) or chars (UTF-16); no readers is an empty list.</summary>
    public static uint ListReaders<T>(ListCall<T> call, out string[] readers) where T : unmanaged
    {
        readers = [];
        var length = 0;
        var rc = call(null, ref length);
        if (rc == PcscCodes.Success)
        {
            var buffer = new T[length];
            fixed (T* p = buffer)
                rc = call(p, ref length);
            if (rc == PcscCodes.Success)
            {
                var text = typeof(T) == typeof(char)
                    ? new string((char[])(object)buffer, 0, length)
                    : Encoding.UTF8.GetString((byte[])(object)buffer, 0, length);
                readers = text.Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
        }
        return rc == PcscCodes.NoReadersAvailable ? PcscCodes.Success : rc;
    }
}
