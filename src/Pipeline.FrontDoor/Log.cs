using System.Globalization;

namespace Pipeline.FrontDoor;

/// <summary>One line per event on standard output, which the launcher appends to shared/logs/frontdoor.log.</summary>
internal static class Log
{
    private static readonly Lock Gate = new();

    public static void Write(string message)
    {
        lock (Gate)
        {
            Console.Out.WriteLine($"{DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)} {message}");
            Console.Out.Flush();
        }
    }
}
