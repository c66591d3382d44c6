// Usage (the connection string comes from BENCH_PG, as the Backup target's environment has it):
//   restore <state-dir> <backup-id> <database>   EngineBackupService.RestoreAsync: download, sha256, inspection, pg_restore
//   parts   <state-dir> <backup-id> [database]   each part on its own: PostgreSqlEngine.DumpAsync (row counts and
//                                                pg_dump), copy, sha256, inspection, then (with a database)
//                                                PostgreSqlEngine.RestoreAsync, which inspects again and restores
// Prints "name seconds" lines.
using System.Diagnostics;
using System.Globalization;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Backups;
using Pipeline.Core.Databases;
using Pipeline.Core.Databases.PostgreSql;
using Pipeline.Core.State;

if (args.Length < 3 || Environment.GetEnvironmentVariable("BENCH_PG") is not { Length: > 0 } connectionString)
{
    await Console.Error.WriteLineAsync("usage: BENCH_PG=<connection string> PostgresBackupBench restore <state-dir> <backup-id> <database> | parts <state-dir> <backup-id> [database]");
    return 2;
}

var catalog = new BackupCatalog(new LocalStateStore(args[1]));
var engine = new PostgreSqlEngine(PostgreSqlConnectionInfo.Parse(connectionString), PostgreSqlClientTools.Create());
var service = new EngineBackupService(catalog, engine);
var id = args[2];

switch (args[0])
{
    case "restore" when args.Length == 4:
        {
            var watch = Stopwatch.StartNew();
            await service.RestoreAsync(id, args[3]);
            Report("restore", watch);
            return 0;
        }

    case "parts":
        {
            var manifest = catalog.Require(id);
            var scratch = Directory.CreateTempSubdirectory("postgres-backup-bench-").FullName;
            try
            {
                var watch = Stopwatch.StartNew();
                await engine.DumpAsync(Path.Combine(scratch, "fresh.pgdump"));
                Report("dump", watch);
                File.Delete(Path.Combine(scratch, "fresh.pgdump"));

                var copy = Path.Combine(scratch, manifest.DumpFile);
                watch.Restart();
                catalog.DownloadDump(manifest, copy);
                Report("copy", watch);

                watch.Restart();
                var digest = FileDigest.Sha256(copy);
                Report("sha256", watch);
                if (digest != manifest.Sha256)
                {
                    await Console.Error.WriteLineAsync($"sha256 {digest} differs from the manifest's {manifest.Sha256}");
                    return 1;
                }

                watch.Restart();
                var problems = await engine.InspectAsync(copy);
                Report("inspect", watch);
                if (problems.Count > 0)
                {
                    await Console.Error.WriteLineAsync(string.Join("; ", problems));
                    return 1;
                }

                if (args.Length == 4)
                {
                    watch.Restart();
                    await engine.RestoreAsync(copy, args[3]);
                    Report("engine-restore", watch);
                }

                return 0;
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

    default:
        await Console.Error.WriteLineAsync($"unknown command {args[0]} (or wrong number of arguments)");
        return 2;
}

static void Report(string name, Stopwatch watch) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {watch.Elapsed.TotalSeconds:F3}"));
