namespace Pipeline.Core.Notifications;

/// <summary>An exception's message with those of its causes, since wrappers like SmtpException hide the cause.</summary>
internal static class ExceptionMessages
{
    public static string Of(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var message = current.Message;
            if (!messages.Exists(m => m.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return string.Join(" ", messages);
    }
}
