namespace Pipeline.Core.Secrets;

/// <summary>A secret that is needed and cannot be had; the message never contains a secret value.</summary>
public sealed class SecretException : Exception
{
    public SecretException()
    {
    }

    public SecretException(string message)
        : base(message)
    {
    }

    public SecretException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
