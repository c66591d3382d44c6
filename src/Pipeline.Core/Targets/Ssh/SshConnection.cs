using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace Pipeline.Core.Targets.Ssh;

/// <summary>
/// One host's SSH and SFTP sessions, opened on first use and kept for the run. The host key must match the pinned
/// one before anything is sent; every failure names the host, port, user and step. The private key is read from
/// memory, never from a command line or a file the pipeline writes.
/// </summary>
public sealed class SshConnection(SshHost host, Func<string> privateKey, HostKeyPin pin) : IDisposable
{
    // Generous: a busy host can take tens of seconds to answer a login; a port nothing listens on is refused at once.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private readonly Lock gate = new();
    private SshClient? ssh;
    private SftpClient? sftp;

    public SshHost Host => host;

    /// <summary>Bytes of files uploaded over this connection (artifacts, settings).</summary>
    public long BytesSent { get; private set; }

    /// <summary>Opens the SSH and SFTP sessions now (host key and login checked), so a host that cannot be reached is known before anything is sent anywhere.</summary>
    public void Open(string step)
    {
        Ssh(step);
        Sftp(step);
    }

    /// <summary>Runs a shell command on the host; its standard output, or an error with its exit status and standard error.</summary>
    public string Run(string step, string command, TimeSpan? timeout = null)
    {
        var run = TryRun(step, command, timeout);
        if (!run.Succeeded)
        {
            var error = string.Join('\n', run.Errors).Trim();
            var why = error.Contains("No space left", StringComparison.Ordinal) ? "disk full: "
                : error.Contains("Permission denied", StringComparison.Ordinal) ? "permission denied: "
                : string.Empty;
            throw new SshStepException(host, step, $"{why}exit status {(run.ExitCode < 0 ? "unknown" : run.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))}{(error.Length == 0 ? string.Empty : $": {error}")}");
        }

        return string.Join('\n', run.Output);
    }

    /// <summary>Runs a shell command on the host and returns how it ended (an unknown exit status is -1); only a connection that fails or a command that outlives <paramref name="timeout"/> throws.</summary>
    public Databases.PostgreSql.ToolRun TryRun(string step, string command, TimeSpan? timeout = null)
    {
        var client = Ssh(step);
        using var run = client.CreateCommand(command);
        run.CommandTimeout = timeout ?? TimeSpan.FromMinutes(5);
        try
        {
            run.Execute();
        }
        catch (SshOperationTimeoutException ex)
        {
            throw new SshStepException(host, step, $"the command did not finish within {run.CommandTimeout.TotalSeconds:0} s", ex);
        }
        catch (SshException ex)
        {
            throw new SshStepException(host, step, $"the connection failed: {ex.Message}", ex);
        }

        return new Databases.PostgreSql.ToolRun(run.ExitStatus ?? -1, run.Result.Split('\n'), run.Error.Split('\n'));
    }

    /// <summary>Uploads <paramref name="content"/> to <paramref name="remotePath"/> (replacing it) and counts the bytes sent.</summary>
    public void Upload(string step, Stream content, string remotePath)
    {
        var client = Sftp(step);
        var start = content.CanSeek ? content.Position : 0;
        try
        {
            client.UploadFile(content, remotePath, canOverride: true);
        }
        catch (Exception ex) when (ex is SshException or IOException)
        {
            var why = ex is SftpPermissionDeniedException ? "permission denied" : ex.Message.Contains("No space", StringComparison.OrdinalIgnoreCase) ? "disk full" : ex.Message;
            throw new SshStepException(host, step, $"upload to {remotePath} failed: {why}", ex);
        }

        BytesSent += content.CanSeek ? content.Position - start : 0;
    }

    /// <summary>Writes a small text file with <paramref name="mode"/> (octal digits, as chmod takes them) before any content is in it, then renames it into place.</summary>
    public void WriteText(string step, string remotePath, string text, short mode = 644)
    {
        var client = Sftp(step);
        var temporary = $"{remotePath}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var stream = client.Open(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                client.ChangePermissions(temporary, mode);
                var bytes = Encoding.UTF8.GetBytes(text);
                stream.Write(bytes);
                BytesSent += bytes.Length;
            }

            client.RenameFile(temporary, remotePath, isPosix: true);
        }
        catch (Exception ex) when (ex is SshException or IOException)
        {
            throw new SshStepException(host, step, $"writing {remotePath} failed: {(ex is SftpPermissionDeniedException ? "permission denied" : ex.Message)}", ex);
        }
    }

    /// <summary>Deletes a file on the host; nothing when there is none.</summary>
    public void Delete(string step, string remotePath)
    {
        var client = Sftp(step);
        try
        {
            if (client.Exists(remotePath))
            {
                client.DeleteFile(remotePath);
            }
        }
        catch (Exception ex) when (ex is SshException or IOException)
        {
            throw new SshStepException(host, step, $"deleting {remotePath} failed: {ex.Message}", ex);
        }
    }

    /// <summary>The text of a file on the host, or null when there is none.</summary>
    public string? ReadText(string step, string remotePath)
    {
        var client = Sftp(step);
        try
        {
            return client.Exists(remotePath) ? client.ReadAllText(remotePath) : null;
        }
        catch (Exception ex) when (ex is SshException or IOException)
        {
            throw new SshStepException(host, step, $"reading {remotePath} failed: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            ssh?.Dispose();
            sftp?.Dispose();
            (ssh, sftp) = (null, null);
        }
    }

    private SshClient Ssh(string step)
    {
        lock (gate)
        {
            if (ssh is { IsConnected: true })
            {
                return ssh;
            }

            ssh?.Dispose();
            ssh = Connect(step, info => new SshClient(info));
            return ssh;
        }
    }

    private SftpClient Sftp(string step)
    {
        lock (gate)
        {
            if (sftp is { IsConnected: true })
            {
                return sftp;
            }

            sftp?.Dispose();
            sftp = Connect(step, info => new SftpClient(info));
            return sftp;
        }
    }

    private T Connect<T>(string step, Func<ConnectionInfo, T> create)
        where T : BaseClient
    {
        string identity;
        try
        {
            identity = privateKey();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new SshStepException(host, step, $"the identity cannot be read: {ex.Message}", ex);
        }

        PrivateKeyFile key;
        try
        {
            using var text = new MemoryStream(Encoding.UTF8.GetBytes(identity));
            key = new PrivateKeyFile(text);
        }
        catch (SshException ex)
        {
            throw new SshStepException(host, step, $"the identity is not a private key SSH.NET can read (OpenSSH or PEM, without a passphrase): {ex.Message}", ex);
        }

        var info = new ConnectionInfo(host.Host, host.Port, host.User, new PrivateKeyAuthenticationMethod(host.User, key)) { Timeout = ConnectTimeout };
        var client = create(info);
        client.KeepAliveInterval = KeepAlive;
        string? presented = null;
        client.HostKeyReceived += (_, e) =>
        {
            presented = $"{HostKeyPin.FingerprintOf(e.HostKey)} ({e.HostKeyName})";
            e.CanTrust = pin.Matches(e.HostKey);
        };
        try
        {
            client.Connect();
            return client;
        }
        catch (Exception ex) when (ex is SshException or SocketException or TimeoutException or InvalidOperationException)
        {
            client.Dispose();
            var reason = ex switch
            {
                SshConnectionException when presented is not null && !presented.StartsWith(pin.Fingerprint + " ", StringComparison.Ordinal) =>
                    $"host key mismatch: the host presented {presented}, the target pins {pin.Fingerprint}; refused, as OpenSSH's strict checking does. If the host was re-keyed on purpose, pin its new key in hostKey",
                SshAuthenticationException => $"authentication refused for user {host.User} with the configured identity ({ex.Message})",
                SocketException or SshOperationTimeoutException or TimeoutException => $"unreachable ({ex.Message})",
                _ => ex.Message,
            };
            throw new SshStepException(host, step, reason, ex);
        }
    }
}
