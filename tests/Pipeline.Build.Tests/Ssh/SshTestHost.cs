using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Pipeline.Core.Deployment;

namespace Pipeline.Build.Tests.Ssh;

/// <summary>
/// A host for the tests: a real sshd of its own on 127.0.0.N with its own host key, user key, authorized keys and
/// pid file, and a directory the pipeline deploys into. The app the pipeline starts there runs on this machine, so
/// the test can read the host's files directly and stop the app when it is done.
/// </summary>
public sealed class SshTestHost : IDisposable
{
    private readonly string directory;
    private Process? sshd;

    public SshTestHost(int number, string parent)
    {
        Number = number;
        Address = $"127.0.0.{number}";
        directory = Path.Combine(parent, $"host{number}");
        Directory.CreateDirectory(directory);
        Root = Path.Combine(directory, "srv", "trading");
        KeyGen("-t", "ed25519", "-N", string.Empty, "-C", $"user@{Address}", "-f", UserKeyFile);
        File.Copy(UserKeyFile + ".pub", Path.Combine(directory, "authorized_keys"));
        NewHostKey();
        SshPort = FreePortOn(Address);
    }

    public int Number { get; }

    public string Address { get; }

    public int SshPort { get; }

    /// <summary>The directory the target's path names: releases/, current and shared/ are created under it.</summary>
    public string Root { get; }

    public string UserKeyFile => Path.Combine(directory, "user_key");

    public string HostKeyFile => Path.Combine(directory, "host_key");

    /// <summary>The user's private key, given to the pipeline as a secret in an environment variable.</summary>
    public string PrivateKey => File.ReadAllText(UserKeyFile);

    /// <summary>The host's public key line, as a target pins it.</summary>
    public string HostPublicKey => File.ReadAllText(HostKeyFile + ".pub").Trim();

    public string HostFingerprint => KeyGen("-lf", HostKeyFile + ".pub").Split(' ')[1];

    public ReleaseServer Server => new(Root);

    public bool IsRunning => sshd is { HasExited: false };

    /// <summary>Replaces the host key, as a re-installed or impostor host would have; takes effect at the next start.</summary>
    public void NewHostKey()
    {
        File.Delete(HostKeyFile);
        File.Delete(HostKeyFile + ".pub");
        KeyGen("-t", "ed25519", "-N", string.Empty, "-f", HostKeyFile);
    }

    public void Start()
    {
        Directory.CreateDirectory("/run/sshd");
        // A home of the host's own: sshd runs each command through the user's shell, which would otherwise source
        // this machine's ~/.bashrc (its pyenv set-up costs over a second of CPU per command).
        var home = Path.Combine(directory, "home");
        Directory.CreateDirectory(home);
        var config = Path.Combine(directory, "sshd_config");
        File.WriteAllText(config, string.Join('\n',
            $"ListenAddress {Address}:{SshPort}",
            $"HostKey {HostKeyFile}",
            $"AuthorizedKeysFile {Path.Combine(directory, "authorized_keys")}",
            $"PidFile {Path.Combine(directory, "sshd.pid")}",
            "Subsystem sftp internal-sftp",
            "StrictModes no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "PermitRootLogin prohibit-password",
            $"SetEnv HOME={home}",
            "LogLevel ERROR",
            string.Empty));
        var start = new ProcessStartInfo("/usr/sbin/sshd") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "-D", "-f", config, "-E", Path.Combine(directory, "sshd.log") })
        {
            start.ArgumentList.Add(argument);
        }

        sshd = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (sshd.HasExited)
            {
                throw new InvalidOperationException($"sshd on {Address}:{SshPort} exited ({sshd.ExitCode}): {File.ReadAllText(Path.Combine(directory, "sshd.log"))}");
            }

            try
            {
                using var probe = new TcpClient();
                probe.Connect(Address, SshPort);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Stops sshd; the app it started keeps running, as on a host whose SSH is down.</summary>
    public void StopSshd()
    {
        if (sshd is { HasExited: false })
        {
            sshd.Kill(entireProcessTree: false);
            sshd.WaitForExit(5000);
        }

        sshd?.Dispose();
        sshd = null;
    }

    public void Dispose()
    {
        StopSshd();
        new AppSupervisor(Server).Stop(TimeSpan.FromSeconds(5));
    }

    private static int FreePortOn(string address)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse(address), 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string KeyGen(params string[] arguments)
    {
        var start = new ProcessStartInfo("ssh-keygen") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-q");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"ssh-keygen {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}"));
    }
}
