using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using MatchingPlatform.Cli.Bench;
using MatchingPlatform.Core.Demo;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Data.Migrations;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Shortages;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Ml.Models;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Ml.Retrieval;
using MatchingPlatform.Ml.Training;
using MatchingPlatform.Protos.V1;
using Microsoft.Data.Sqlite;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

/// <summary>
/// `matchctl bench`: generates a scaled dataset per catalogue size, writes it into a fresh SQLite file, measures the
/// engine in process, then starts the real server on it and measures recommendations over gRPC on loopback at
/// several concurrency levels. Prints tables and writes one JSON report.
/// </summary>
/// <remarks>
/// With <c>--ranker learned</c> (the default) it first trains a LightGBM ranker on a generated demo dataset (the scaled
/// datasets have no interaction log) and times that training; each run's server loads that model from its models
/// folder, and the in-process engine serves it too. Every run records which ranker the server reported.
/// </remarks>
internal static class BenchCommand
{
    private const int K = 10;
    private const int InProcessQueries = 500;
    private const int WarmUpCalls = 100;
    // Ids the load runs draw from: enough that caches do not flatter the figures, few enough to keep while the server runs.
    private const int IdPool = 20_000;

    public static Command Create()
    {
        var workers = new Option<int>("--workers") { Description = "Workers to generate", DefaultValueFactory = _ => 1_000_000 };
        var vacancies = new Option<string>("--vacancies")
        {
            Description = "Open-vacancy catalogue sizes, comma-separated; one run each", DefaultValueFactory = _ => "50000,200000,1000000",
        };
        var requests = new Option<int>("--requests") { Description = "Calls per method and concurrency level", DefaultValueFactory = _ => 2000 };
        var concurrency = new Option<string>("--concurrency") { Description = "Concurrent callers, comma-separated", DefaultValueFactory = _ => "1,8,64" };
        var serverExe = new Option<string?>("--server-exe")
        {
            Description = "Path of the built MatchingPlatform.Server.dll (default: src/MatchingPlatform.Server/bin/Release, then Debug)",
        };
        var output = new Option<string>("--out") { Description = "JSON report file", DefaultValueFactory = _ => "bench-results.json" };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same datasets", DefaultValueFactory = _ => 20261128 };
        var startTimeout = new Option<int>("--start-timeout") { Description = "Seconds to wait for the server to be SERVING", DefaultValueFactory = _ => 900 };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary databases (their paths are printed)" };
        var reuse = new Option<string?>("--reuse-databases")
        {
            Description = "Folder for the benchmark databases, kept between runs: a database already there for the same workers, "
                + "vacancies and seed is reused instead of written again (its write time is then not measured)",
        };
        var ranker = new Option<string>("--ranker")
        {
            Description = "learned: train a LightGBM ranker first and serve it; fallback: order by the retrieval score",
            DefaultValueFactory = _ => "learned",
        };
        ranker.AcceptOnlyFromAmong("learned", "fallback");
        var trainWorkers = new Option<int>("--train-workers") { Description = "Workers of the demo dataset the ranker is trained on", DefaultValueFactory = _ => new DemoDataOptions().Workers };
        var budget = new Option<long>("--posting-budget")
        {
            Description = "Most postings one retrieval reads (0: exact, every list), in process and in the server",
            DefaultValueFactory = _ => RecommendationOptions.DefaultPostingBudget,
        };
        var inProcessOnly = new Option<bool>("--in-process-only") { Description = "Measure in process and the shortage snapshot, without starting the server" };
        var interactions = new Option<int?>("--interactions")
        {
            Description = "About this many interactions in the ranker's training log: the demo training dataset is scaled to give them "
                + "(its default 6,000 workers and 2,500 vacancies give 108,347; the exact count is reported). Overrides --train-workers/--train-vacancies",
        };
        var trainVacancies = new Option<int>("--train-vacancies") { Description = "Vacancies of that dataset", DefaultValueFactory = _ => new DemoDataOptions().Vacancies };

        var command = new Command("bench", "Benchmark recommendations over gRPC on generated datasets of the given sizes");
        foreach (var o in new Option[] { workers, vacancies, requests, concurrency, serverExe, output, seed, startTimeout, keep, reuse, ranker, trainWorkers, trainVacancies, interactions, budget, inProcessOnly })
            command.Options.Add(o);
        command.Options.Add(CliDatabase.DataDirectory);
        command.SetAction(async (parse, ct) =>
        {
            var sizes = Counts(parse.GetValue(vacancies)!, "--vacancies");
            var levels = Counts(parse.GetValue(concurrency)!, "--concurrency");
            var workerCount = parse.GetValue(workers);
            var requestCount = parse.GetValue(requests);
            if (workerCount < 1) throw new CliException("--workers must be at least 1");
            if (requestCount < 1) throw new CliException("--requests must be at least 1");
            var dll = ResolveServerDll(parse.GetValue(serverExe));
            var dataDirectory = ReferenceData.ResolveDataDirectory(parse.GetValue(CliDatabase.DataDirectory));
            var reference = ReferenceData.Load(dataDirectory);
            if (parse.GetValue(budget) < 0) throw new CliException("--posting-budget must not be negative (0: no budget)");
            var settings = new BenchSettings(workerCount, sizes, requestCount, levels, K, parse.GetValue(seed), dll, parse.GetValue(ranker)!)
            {
                PostingBudget = parse.GetValue(budget),
                InProcessOnly = parse.GetValue(inProcessOnly),
            };
            var machine = MachineInfo.Current();
            AnsiConsole.MarkupLineInterpolated(
                $"[grey]{machine.ProcessorCount} cores, {machine.CpuModel}, {Gib(machine.TotalMemoryBytes)} RAM, {machine.Runtime}; server {dll}; posting budget {(settings.PostingBudget == 0 ? "none (exact)" : settings.PostingBudget.ToString("N0", CultureInfo.InvariantCulture))}[/]");

            var modelFolder = Directory.CreateTempSubdirectory("matchctl-bench-model-").FullName;
            try
            {
                TrainingMeasure? training = null;
                if (settings.Ranker == "learned")
                {
                    training = TrainRanker(reference, TrainingDataset(parse.GetValue(interactions), parse.GetValue(trainWorkers), parse.GetValue(trainVacancies)),
                        modelFolder, ct);
                    PrintTraining(training);
                }
                var runs = new List<BenchRun>();
                foreach (var size in sizes)
                {
                    var run = await RunSizeAsync(settings, size, reference, dataDirectory, TimeSpan.FromSeconds(parse.GetValue(startTimeout)),
                        parse.GetValue(keep), parse.GetValue(reuse), training is null ? null : modelFolder, ct);
                    runs.Add(run);
                    PrintRun(run);
                }
                PrintScaling(runs, levels);
                var report = new BenchReport(machine, settings, training, runs, DateTimeOffset.UtcNow);
                var file = Path.GetFullPath(parse.GetValue(output)!);
                await File.WriteAllTextAsync(file, JsonSerializer.Serialize(report, JsonOptions), ct);
                AnsiConsole.MarkupLineInterpolated($"report written to {file}");
                return 0;
            }
            finally
            {
                try { Directory.Delete(modelFolder, recursive: true); }
                catch (IOException) { /* a temp folder; the OS cleans it */ }
            }
        });
        return command;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // NaN marks "no successful sample"; JSON has no NaN, so it is written as a string rather than failing.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// Trains the ranker the runs serve on a generated demo dataset, times the training alone, and saves it as a model
    /// version in <paramref name="modelFolder"/>, from where each run copies it into its server's models folder.
    /// </summary>
    private static TrainingMeasure TrainRanker(ReferenceData reference, DemoDataOptions options, string modelFolder, CancellationToken ct)
    {
        AnsiConsole.Write(new Rule("training the learned ranker"));
        var clock = Stopwatch.StartNew();
        var demo = DemoDataGenerator.Generate(reference.Taxonomy, reference.Cities, options);
        var engine = EvaluateCommand.Engine(reference, demo.Workers, demo.Vacancies, demo.Enterprises, demo.Programmes);
        var data = new TrainingData(demo.Workers, demo.Vacancies, demo.Interactions, engine);
        var generateSeconds = clock.Elapsed.TotalSeconds;
        AnsiConsole.MarkupLineInterpolated(
            $"demo dataset: {demo.Workers.Count:N0} workers, {demo.Vacancies.Count:N0} vacancies, {demo.Interactions.Count:N0} interactions ({generateSeconds:F1} s)");
        TrainedRanker trained = null!;
        AnsiConsole.Status().Start("training", status =>
            trained = RankerTrainer.Train(data, new TrainingOptions(), new SyncProgress<TrainingProgress>(p => status.Status(Markup.Escape(p.Message))), ct));
        var saved = new ModelStore(modelFolder).Save(trained);
        var rows = trained.Summary.Counts;
        return new TrainingMeasure("demo", demo.Workers.Count, demo.Vacancies.Count, demo.Interactions.Count, generateSeconds,
            trained.Summary.Seconds, saved.Version, rows.VacancyRows, rows.CandidateRows);
    }

    /// <summary>
    /// The demo dataset the ranker is trained on: as given, or scaled so its log has about <paramref name="interactions"/>
    /// events. The demo's log grows with its workers (18 interactions a worker at the default size) and keeps its
    /// vacancies in proportion (2,500 per 6,000 workers).
    /// </summary>
    private static DemoDataOptions TrainingDataset(int? interactions, int workers, int vacancies)
    {
        if (interactions is null) return new DemoDataOptions { Workers = workers, Vacancies = vacancies };
        if (interactions < 1_000) throw new CliException("--interactions must be at least 1000");
        var defaults = new DemoDataOptions();
        const double perWorker = 108_347.0 / 6_000;
        var scaledWorkers = (int)Math.Round(interactions.Value / perWorker);
        return new DemoDataOptions { Workers = scaledWorkers, Vacancies = Math.Max(100, scaledWorkers * defaults.Vacancies / defaults.Workers) };
    }

    /// <summary>
    /// Whether the file is a complete benchmark database for these sizes (a write is one transaction, so a database
    /// with every row is a complete one); an incomplete or foreign file is deleted so the run writes it afresh.
    /// </summary>
    private static async Task<bool> HoldsDatasetAsync(string file, int workers, int vacancies)
    {
        if (!File.Exists(file)) return false;
        try
        {
            await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
            await connection.OpenAsync();
            async Task<long> Count(string sql)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                return (long)(await command.ExecuteScalarAsync())!;
            }
            if (await Count("SELECT COUNT(*) FROM workers") == workers && await Count("SELECT COUNT(*) FROM vacancies WHERE status = 1") == vacancies)
                return true;
        }
        catch (SqliteException) { /* not a benchmark database */ }
        finally { SqliteConnection.ClearAllPools(); }
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
        return false;
    }

    private static void CopyModels(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task<BenchRun> RunSizeAsync(BenchSettings settings, int vacancyCount, ReferenceData reference,
        string dataDirectory, TimeSpan startTimeout, bool keep, string? reuseFolder, string? modelFolder, CancellationToken ct)
    {
        AnsiConsole.Write(new Rule($"{settings.Workers:N0} workers, {vacancyCount:N0} open vacancies"));
        var folder = Directory.CreateTempSubdirectory("matchctl-bench-").FullName;
        var databaseFile = reuseFolder is null
            ? Path.Combine(folder, "bench.db")
            : Path.Combine(Directory.CreateDirectory(reuseFolder).FullName, $"bench-w{settings.Workers}-v{vacancyCount}-s{settings.Seed}.db");
        var reused = reuseFolder is not null && await HoldsDatasetAsync(databaseFile, settings.Workers, vacancyCount);
        var rng = new Random(settings.Seed);
        string[] workerIds, vacancyIds;
        BenchRun run;
        try
        {
            // ---- generate and write, then measure in process; the dataset is released before the server starts.
            {
                var clock = Stopwatch.StartNew();
                ScaledDataset? dataset = null;
                DatasetWriteResult? written = null;
                double generateSeconds = 0;
                await AnsiConsole.Progress().StartAsync(async progress =>
                {
                    var generate = progress.AddTask("generate", maxValue: settings.Workers);
                    dataset = ScaledDatasetGenerator.Generate(reference.Taxonomy, reference.Cities,
                        new ScaledDatasetOptions { Workers = settings.Workers, Vacancies = vacancyCount, Seed = settings.Seed },
                        new SyncProgress(p => { if (p.Stage == "workers") generate.Value = p.Done; }));
                    generate.Value = generate.MaxValue;
                    generateSeconds = clock.Elapsed.TotalSeconds;
                    clock.Restart();

                    if (reused) return;
                    var write = progress.AddTask("write", maxValue: 1);
                    write.IsIndeterminate = true;
                    var options = BenchDatabase(databaseFile);
                    DatabaseMigrator.Migrate(options);
                    var connections = ConnectionFactories.Create(options);
                    await new ReferenceDataRepository(connections).SyncAsync(reference, ct);
                    written = await new DatasetWriter(connections).WriteAsync(new DatasetBatch
                    {
                        Enterprises = dataset.Enterprises, Vacancies = dataset.Vacancies, Workers = dataset.Workers, Programmes = dataset.Programmes,
                    }, progress: new SyncProgress<string>(m => write.Description = Markup.Escape($"write: {m}")), ct: ct);
                    write.IsIndeterminate = false;
                    write.Value = 1;
                });
                var writeSeconds = reused ? double.NaN : clock.Elapsed.TotalSeconds;
                SqliteConnection.ClearAllPools();
                if (reused)
                    AnsiConsole.MarkupLineInterpolated($"generated in {generateSeconds:F1} s; reusing {databaseFile} (same workers, vacancies and seed)");
                else
                    AnsiConsole.MarkupLineInterpolated(
                        $"generated in {generateSeconds:F1} s; wrote {written!.WorkersInserted:N0} workers and {written.VacanciesInserted:N0} vacancies to {databaseFile} in {writeSeconds:F1} s");

                workerIds = Sample(dataset!.Workers, rng).Select(w => w.Id).ToArray();
                vacancyIds = Sample(dataset.Vacancies, rng).Select(v => v.Id).ToArray();
                var ranker = modelFolder is null ? null : new ModelStore(modelFolder).LoadNewestValid().Ranker
                    ?? throw new CliException($"the trained ranker in {modelFolder} does not load");
                var (indexSeconds, engineBytes, measures) = MeasureInProcess(dataset, reference, ranker, settings.PostingBudget, rng);
                measures = await MeasureLookupsAsync(measures, databaseFile, workerIds, vacancyIds, rng, ct);
                run = new BenchRun
                {
                    Workers = dataset.Workers.Count, Vacancies = dataset.Vacancies.Count, GenerateSeconds = generateSeconds,
                    WriteSeconds = writeSeconds, IndexBuildSeconds = indexSeconds, EngineManagedBytes = engineBytes, InProcess = measures,
                };
            }
            // The generated objects are garbage now: give their memory back before the server needs it.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

            // One shortage snapshot over this database, as the server's job takes it (the server below runs with the job
            // off, so it does not compete with the latency runs).
            run.ShortageSnapshot = await MeasureSnapshotAsync(databaseFile, ct);
            AnsiConsole.MarkupLineInterpolated(
                $"shortage snapshot: {run.ShortageSnapshot.StatRows:N0} (city, industry, skill) rows and {run.ShortageSnapshot.AlertsOpened:N0} alerts opened in {run.ShortageSnapshot.Seconds:F1} s");

            if (settings.InProcessOnly) return run;

            // ---- the server under gRPC load, serving the trained ranker when there is one
            if (modelFolder is not null) CopyModels(modelFolder, Path.Combine(folder, "models"));
            AnsiConsole.MarkupLine("starting the server...");
            await using var server = await ServerUnderTest.StartAsync(settings.ServerDll, databaseFile, folder, dataDirectory, startTimeout, ct,
                ["--Shortages:CheckIntervalSeconds=0", $"--Platform:RetrievalPostingBudget={settings.PostingBudget}"]);
            run.ServerStartSeconds = server.StartTime.TotalSeconds;
            AnsiConsole.MarkupLineInterpolated($"server SERVING at {server.Address} after {run.ServerStartSeconds:F1} s");

            using var handler = new SocketsHttpHandler
            {
                // One HTTP/2 connection caps concurrent streams at the server's limit (100): open more when needed.
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            };
            using var channel = CliServer.Open(server.Address, server.Token(), handler);
            var client = new RecommendationService.RecommendationServiceClient(channel);
            Func<Random, CancellationToken, Task> vacanciesCall = async (r, token) =>
                await client.RecommendVacanciesAsync(new RecommendVacanciesRequest { WorkerId = workerIds[r.Next(workerIds.Length)], K = K },
                    cancellationToken: token);
            Func<Random, CancellationToken, Task> candidatesCall = async (r, token) =>
                await client.RecommendCandidatesAsync(new RecommendCandidatesRequest { VacancyId = vacancyIds[r.Next(vacancyIds.Length)], K = K },
                    cancellationToken: token);

            run.Ranker = await RankerServedAsync(client, workerIds[0], expectLearned: modelFolder is not null, ct);
            AnsiConsole.MarkupLineInterpolated($"server ranks with {run.Ranker.Name}{(run.Ranker.ModelVersion is { } v ? " " + v : "")}");
            await RunLoadAsync("warm-up", 4, WarmUpCalls, vacanciesCall, settings.Seed, ct);
            await RunLoadAsync("warm-up", 4, WarmUpCalls, candidatesCall, settings.Seed, ct);
            foreach (var (method, call) in new[] { ("RecommendVacancies", vacanciesCall), ("RecommendCandidates", candidatesCall) })
                foreach (var level in settings.Concurrency)
                {
                    var load = await RunLoadAsync(method, level, settings.Requests, call, settings.Seed + level, ct);
                    run.Load.Add(load);
                    AnsiConsole.MarkupLineInterpolated(
                        $"  {method} x{level}: p50 {load.Latency.P50:F1} ms, p99 {load.Latency.P99:F1} ms, {load.CallsPerSecond:F0}/s{(load.Errors > 0 ? $", [red]{load.Errors} errors[/]" : "")}");
                }
            (run.ServerRssBytes, run.ServerPeakRssBytes) = server.Memory();
            return run;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (keep) AnsiConsole.MarkupLineInterpolated($"[grey]kept {folder}[/]");
            else
                try { Directory.Delete(folder, recursive: true); }
                catch (IOException) { /* a temp folder; the OS cleans it */ }
        }
    }

    /// <summary>
    /// <paramref name="calls"/> calls spread over <paramref name="concurrency"/> async callers sharing one channel.
    /// Latency is per call; throughput is completed calls over the wall time of the whole run.
    /// </summary>
    private static async Task<LoadRun> RunLoadAsync(string method, int concurrency, int calls,
        Func<Random, CancellationToken, Task> call, int seed, CancellationToken ct)
    {
        var latencies = new double[calls];
        var next = -1;
        var errors = 0;
        string? firstError = null;
        var wall = Stopwatch.StartNew();
        var callers = Enumerable.Range(0, concurrency).Select(c => Task.Run(async () =>
        {
            var rng = new Random(seed * 1000 + c);
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await call(rng, ct);
                    latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
                catch (RpcException ex) when (!ct.IsCancellationRequested)
                {
                    latencies[i] = double.NaN;
                    if (Interlocked.Increment(ref errors) == 1) firstError = $"{ex.StatusCode}: {ex.Status.Detail}";
                }
            }
        }, ct)).ToArray();
        await Task.WhenAll(callers);
        wall.Stop();
        var ok = calls - errors;
        return new LoadRun(method, concurrency, calls, errors, firstError, wall.Elapsed.TotalSeconds, ok / wall.Elapsed.TotalSeconds,
            LatencyStats.From(latencies));
    }

    /// <summary>
    /// The engine in process: index build, its managed memory, retrieval with and without early termination, ranking
    /// alone and the whole engine, over the same sampled queries.
    /// </summary>
    /// <remarks>
    /// The engine's managed memory is the heap's growth over the load, after full collections. Ids and display names
    /// are shared with the generated dataset that is still alive, so they are not in that figure (about 40 + 35 bytes
    /// a profile); the server's resident memory, measured later, has everything.
    /// </remarks>
    private static (double IndexSeconds, long EngineBytes, InProcessMeasures Measures) MeasureInProcess(
        ScaledDataset dataset, ReferenceData reference, ICandidateRanker? learned, long postingBudget, Random rng)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var engine = new RecommendationEngine(reference.Taxonomy, reference.Cities,
            learned is null ? new RankerHolder() : new RankerHolder(learned), new RecommendationOptions { PostingBudget = postingBudget });
        var clock = Stopwatch.StartNew();
        engine.Load(dataset.Vacancies, dataset.Workers, dataset.Enterprises, dataset.Programmes);
        var indexSeconds = clock.Elapsed.TotalSeconds;
        var engineBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        AnsiConsole.MarkupLineInterpolated(
            $"index built in process in {indexSeconds:F1} s, {Gib(engineBytes)} managed; measuring {InProcessQueries} queries each way...");

        var workers = Enumerable.Range(0, InProcessQueries).Select(_ => dataset.Workers[rng.Next(dataset.Workers.Count)]).ToArray();
        var vacancies = Enumerable.Range(0, InProcessQueries).Select(_ => dataset.Vacancies[rng.Next(dataset.Vacancies.Count)]).ToArray();
        var retrieval = new RecommendationOptions().RetrievalCandidates;
        var vacancyIndex = engine.VacancyIndex;
        var workerIndex = engine.WorkerIndex;
        // The first calls JIT the path; measure from the second pass over a few queries on.
        foreach (var w in workers.Take(20)) engine.RecommendVacancies(w, K);
        foreach (var v in vacancies.Take(20)) engine.RecommendCandidates(v, K);

        // As served (within the posting budget), then the same queries exactly (no budget): how much work the budget saves
        // and how many of the exact top candidates it still finds.
        (LatencyStats Served, LatencyStats Exact, RetrievalWork Work, double Retrieved) Retrieval<TQuery, TItem>(
            SkillIndex<TItem> index, TQuery[] queries, Func<TQuery, IEnumerable<SkillTerm>> termsOf, Func<TItem, string> idOf) where TItem : class
        {
            double retrieved = 0, read = 0, exactRead = 0, truncated = 0, found = 0, wanted = 0;
            var servedIds = new HashSet<string>[queries.Length];
            var at = 0;
            var served = Time(queries, q =>
            {
                var r = index.Search(termsOf(q), retrieval);
                retrieved += r.Items.Count;
                read += r.Cost.PostingsRead;
                if (r.Cost.Truncated) truncated++;
                servedIds[at++ % queries.Length] = r.Items.Select(i => idOf(i.Item)).ToHashSet(StringComparer.Ordinal);
            });
            at = 0;
            var exact = Exactly(index, () => Time(queries, q =>
            {
                var r = index.Search(termsOf(q), retrieval);
                exactRead += r.Cost.PostingsRead;
                var ids = servedIds[at++ % queries.Length];
                wanted += r.Items.Count;
                found += r.Items.Count(i => ids.Contains(idOf(i.Item)));
            }));
            return (served, exact, new RetrievalWork(read / queries.Length, exactRead / queries.Length, truncated / queries.Length,
                wanted == 0 ? double.NaN : found / wanted), retrieved / queries.Length);
        }
        var vacancyRetrieval = Retrieval(vacancyIndex, workers, RecommendationEngine.HeldTerms, v => v.Id);
        var candidateRetrieval = Retrieval(workerIndex, vacancies, RecommendationEngine.RequiredTerms, w => w.Id);

        // Ranking alone: the candidates and their features are prepared first, then only the ranker's call is timed.
        var ranker = engine.Rankers.Current;
        var now = DateTimeOffset.UtcNow;
        var vacancyRequests = workers.Select(w =>
        {
            var items = vacancyIndex.Search(RecommendationEngine.HeldTerms(w), retrieval).Items;
            var features = engine.Features(items.Select(i => new MatchPair(w, i.Item, now)).ToArray(), RankingDirection.VacanciesForWorker, ranker.Signals);
            return RankingRequest.ForWorker(w, items.Select((i, j) => new RankingCandidate(w, i.Item, i.Score, features[j])).ToArray());
        }).ToArray();
        var vacancyRanking = Time(vacancyRequests, r => Rank(ranker, r));
        vacancyRequests = null;
        var candidateRequests = vacancies.Select(v =>
        {
            var items = workerIndex.Search(RecommendationEngine.RequiredTerms(v), retrieval).Items;
            var features = engine.Features(items.Select(i => new MatchPair(i.Item, v, now)).ToArray(), RankingDirection.CandidatesForVacancy, ranker.Signals);
            return RankingRequest.ForVacancy(v, items.Select((i, j) => new RankingCandidate(i.Item, v, i.Score, features[j])).ToArray());
        }).ToArray();
        var candidateRanking = Time(candidateRequests, r => Rank(ranker, r));
        candidateRequests = null;

        var vacancyEngine = Time(workers, w => engine.RecommendVacancies(w, K));
        var candidateEngine = Time(vacancies, v => engine.RecommendCandidates(v, K));

        // What the budget changes where it matters: the k recommendations returned, against exact retrieval.
        double TopKAgreement<TQuery, TItem>(SkillIndex<TItem> index, TQuery[] queries, Func<TQuery, IEnumerable<string>> topK) where TItem : class
        {
            if (index.PostingBudget == 0) return 1;
            var served = queries.Select(q => topK(q).ToHashSet(StringComparer.Ordinal)).ToArray();
            return Exactly(index, () =>
            {
                double found = 0, wanted = 0;
                for (var i = 0; i < queries.Length; i++)
                    foreach (var id in topK(queries[i]))
                    {
                        wanted++;
                        if (served[i].Contains(id)) found++;
                    }
                return wanted == 0 ? double.NaN : found / wanted;
            });
        }
        var vacancyAgreement = TopKAgreement(vacancyIndex, workers, w => engine.RecommendVacancies(w, K).Recommendations.Select(r => r.Vacancy.Id));
        var candidateAgreement = TopKAgreement(workerIndex, vacancies, v => engine.RecommendCandidates(v, K).Candidates.Select(c => c.Worker.Id));
        return (indexSeconds, engineBytes, new InProcessMeasures(vacancyRetrieval.Served, vacancyEngine, candidateRetrieval.Served, candidateEngine,
            vacancyRetrieval.Retrieved, candidateRetrieval.Retrieved)
        {
            VacancyRetrievalExact = vacancyRetrieval.Exact,
            CandidateRetrievalExact = candidateRetrieval.Exact,
            VacancyRanking = vacancyRanking,
            CandidateRanking = candidateRanking,
            VacancyWork = vacancyRetrieval.Work with { TopKAgreement = vacancyAgreement },
            CandidateWork = candidateRetrieval.Work with { TopKAgreement = candidateAgreement },
        });
    }

    /// <summary>The benchmark's SQLite database file as the repositories open it.</summary>
    private static DatabaseOptions BenchDatabase(string file) =>
        new() { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file}" };

    /// <summary>
    /// One shortage snapshot over the benchmark database, as of now, with the default rules. A reused database may
    /// already hold the snapshot of this period (a period is never written twice): the next free period is taken
    /// instead, still as of now, so the same work is measured.
    /// </summary>
    private static async Task<SnapshotMeasure> MeasureSnapshotAsync(string databaseFile, CancellationToken ct)
    {
        var connections = ConnectionFactories.Create(BenchDatabase(databaseFile));
        var snapshotter = new ShortageSnapshotter(connections);
        var now = DateTimeOffset.UtcNow;
        try
        {
            for (var period = SnapshotPeriod.Containing(now, lengthDays: 7); ; period = period.Next)
            {
                var outcome = await snapshotter.TakeAsync(period, now, new AlertRuleSet(), nearQualifiedListLimit: 50, ct: ct);
                if (!outcome.AlreadyExisted) return new SnapshotMeasure(outcome.Elapsed.TotalSeconds, outcome.StatRows, outcome.Opened);
            }
        }
        finally { SqliteConnection.ClearAllPools(); }
    }

    /// <summary>The measure taken with the index's posting budget off (every list read: the exact result), then restored.</summary>
    private static TResult Exactly<TItem, TResult>(SkillIndex<TItem> index, Func<TResult> measure) where TItem : class
    {
        var was = index.PostingBudget;
        index.PostingBudget = 0;
        try { return measure(); }
        finally { index.PostingBudget = was; }
    }

    /// <summary>What the engine asks of the ranker per request: scores for every candidate, attributions for the k best.</summary>
    private static void Rank(ICandidateRanker ranker, RankingRequest request)
    {
        var scores = ranker.ScoreOnly(request);
        var top = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).Take(K).ToArray();
        ranker.Explain(request, top);
    }

    /// <summary>
    /// Which ranker the server serves, from the RankingInfo of a response. When a trained model was put in its models
    /// folder, waits (up to a minute) for the server to report it, and fails rather than benchmark the fallback.
    /// </summary>
    private static async Task<RankerServed> RankerServedAsync(RecommendationService.RecommendationServiceClient client, string workerId,
        bool expectLearned, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var reply = await client.RecommendVacanciesAsync(new RecommendVacanciesRequest { WorkerId = workerId, K = K }, cancellationToken: ct);
            var r = reply.Ranking;
            var served = new RankerServed(r.Ranker, r.ModelVersion.Length == 0 ? null : r.ModelVersion, r.Fallback);
            if (!expectLearned || !served.Fallback) return served;
            if (DateTime.UtcNow > deadline)
                throw new CliException($"the server did not load the trained ranker within 60 s: it still serves {served.Name}");
            await Task.Delay(500, ct);
        }
    }

    /// <summary>The per-RPC profile reads, timed against the benchmark database the server will read.</summary>
    private static async Task<InProcessMeasures> MeasureLookupsAsync(InProcessMeasures measures, string databaseFile,
        string[] workerIds, string[] vacancyIds, Random rng, CancellationToken ct)
    {
        var connections = ConnectionFactories.Create(BenchDatabase(databaseFile));
        var workers = new WorkerRepository(connections);
        var vacancies = new VacancyRepository(connections);
        async Task<LatencyStats> TimeAsync(string[] ids, Func<string, Task> read)
        {
            foreach (var id in ids.Take(20)) await read(id);
            var samples = new double[InProcessQueries];
            for (var i = 0; i < samples.Length; i++)
            {
                var id = ids[rng.Next(ids.Length)];
                var start = Stopwatch.GetTimestamp();
                await read(id);
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            return LatencyStats.From(samples);
        }
        var workerLookup = await TimeAsync(workerIds, id => workers.GetAsync(id, ct));
        var vacancyLookup = await TimeAsync(vacancyIds, id => vacancies.GetAsync(id, ct));
        SqliteConnection.ClearAllPools();
        return measures with { WorkerLookup = workerLookup, VacancyLookup = vacancyLookup };
    }

    private static LatencyStats Time<T>(IReadOnlyList<T> items, Action<T> action)
    {
        var samples = new double[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action(items[i]);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return LatencyStats.From(samples);
    }

    private static IEnumerable<T> Sample<T>(IReadOnlyList<T> items, Random rng) =>
        items.Count <= IdPool ? items : Enumerable.Range(0, IdPool).Select(_ => items[rng.Next(items.Count)]);

    private static void PrintTraining(TrainingMeasure t)
    {
        var table = new Table().Title("learned ranker (LightGBM LambdaRank + factor model)").AddColumns("stage", "value");
        table.AddRow("training data", $"{t.Dataset}: {t.Workers:N0} workers, {t.Vacancies:N0} vacancies, {t.Interactions:N0} interactions");
        table.AddRow("generate", $"{t.GenerateSeconds:F1} s");
        table.AddRow("train (RankerTrainer.Train)", $"{t.TrainingSeconds:F1} s ({t.VacancyRows:N0} + {t.CandidateRows:N0} ranking rows)");
        table.AddRow("model version", t.ModelVersion);
        AnsiConsole.Write(table);
    }

    private static void PrintRun(BenchRun run)
    {
        var retrievalCandidates = new RecommendationOptions().RetrievalCandidates;
        var stages = new Table().Title($"{run.Workers:N0} workers, {run.Vacancies:N0} open vacancies").AddColumns("stage", "value");
        stages.AddRow("generate", $"{run.GenerateSeconds:F1} s");
        stages.AddRow("write (SQLite, bulk)", double.IsNaN(run.WriteSeconds) ? "reused an existing database" : $"{run.WriteSeconds:F1} s");
        stages.AddRow("index build (in process)", $"{run.IndexBuildSeconds:F1} s");
        stages.AddRow("engine managed memory (in process)", Gib(run.EngineManagedBytes));
        stages.AddRow("server start to SERVING", $"{run.ServerStartSeconds:F1} s");
        stages.AddRow("server memory (RSS / peak)", $"{Gib(run.ServerRssBytes)} / {Gib(run.ServerPeakRssBytes)}");
        stages.AddRow("ranker served", run.Ranker is { } r ? Markup.Escape($"{r.Name}{(r.ModelVersion is { } v ? " " + v : "")}{(r.Fallback ? " (fallback)" : "")}") : "?");
        stages.AddRow("shortage snapshot (SQL aggregation, rules, outbox)", run.ShortageSnapshot is { } snapshot
            ? $"{snapshot.Seconds:F1} s ({snapshot.StatRows:N0} rows, {snapshot.AlertsOpened:N0} alerts opened)" : "not measured");
        AnsiConsole.Write(stages);

        var inProcess = new Table().Title("in process, one query at a time (ms)").AddColumns("measure", "p50", "p95", "p99", "mean");
        void Row(string name, LatencyStats s) => inProcess.AddRow(Markup.Escape(name), Ms(s.P50), Ms(s.P95), Ms(s.P99), Ms(s.Mean));
        var m = run.InProcess;
        Row("worker profile read (SQLite, per RPC)", m.WorkerLookup);
        Row($"vacancy retrieval ({m.MeanVacancyCandidatesRetrieved:F0} retrieved, {m.VacancyWork.MeanPostingsRead:N0} postings read, {m.VacancyWork.TruncatedShare:P0} stopped by the budget)", m.VacancyRetrieval);
        Row($"  same, exact ({m.VacancyWork.MeanPostingsExact:N0} read; budget found {m.VacancyWork.RecallOfExact:P1} of its top {retrievalCandidates})", m.VacancyRetrievalExact);
        Row("vacancy ranking alone (score all, explain the 10 returned)", m.VacancyRanking);
        Row($"RecommendVacancies engine (retrieval + features + ranking + gaps; {m.VacancyWork.TopKAgreement:P1} of the exact top {K})", m.VacancyEngine);
        Row("vacancy read (SQLite, per RPC)", m.VacancyLookup);
        Row($"worker retrieval ({m.MeanWorkerCandidatesRetrieved:F0} retrieved, {m.CandidateWork.MeanPostingsRead:N0} postings read, {m.CandidateWork.TruncatedShare:P0} stopped by the budget)", m.CandidateRetrieval);
        Row($"  same, exact ({m.CandidateWork.MeanPostingsExact:N0} read; budget found {m.CandidateWork.RecallOfExact:P1} of its top {retrievalCandidates})", m.CandidateRetrievalExact);
        Row("candidate ranking alone (score all, explain the 10 returned)", m.CandidateRanking);
        Row($"RecommendCandidates engine (retrieval + features + ranking + gaps; {m.CandidateWork.TopKAgreement:P1} of the exact top {K})", m.CandidateEngine);
        AnsiConsole.Write(inProcess);

        var load = new Table().Title("gRPC on loopback, Recommend* (ms)").AddColumns("method", "callers", "calls", "p50", "p95", "p99", "calls/s", "errors");
        foreach (var l in run.Load)
            load.AddRow(l.Method.Replace("Recommend", ""), l.Concurrency.ToString(CultureInfo.InvariantCulture), l.Calls.ToString(CultureInfo.InvariantCulture),
                Ms(l.Latency.P50), Ms(l.Latency.P95), Ms(l.Latency.P99), l.CallsPerSecond.ToString("F0", CultureInfo.InvariantCulture),
                l.Errors == 0 ? "0" : $"[red]{l.Errors}[/]");
        AnsiConsole.Write(load);
        foreach (var l in run.Load.Where(l => l.FirstError is not null))
            AnsiConsole.MarkupLineInterpolated($"[red]{l.Method} x{l.Concurrency} first error:[/] {l.FirstError}");
    }

    /// <summary>The issue's scaling table: per-request cost at each catalogue size, side by side.</summary>
    private static void PrintScaling(IReadOnlyList<BenchRun> runs, IReadOnlyList<int> levels)
    {
        if (runs.Count == 0) return;
        var table = new Table().Title("RecommendVacancies p99 (ms) by catalogue size").AddColumn("open vacancies");
        table.AddColumn("in-process p50");
        foreach (var level in levels) table.AddColumn($"gRPC x{level} p99");
        foreach (var level in levels) table.AddColumn($"x{level} calls/s");
        foreach (var run in runs)
        {
            var cells = new List<string> { run.Vacancies.ToString("N0", CultureInfo.InvariantCulture), Ms(run.InProcess.VacancyEngine.P50) };
            var loads = levels.Select(level => run.Load.FirstOrDefault(l => l.Method == "RecommendVacancies" && l.Concurrency == level)).ToArray();
            cells.AddRange(loads.Select(l => l is null ? "-" : Ms(l.Latency.P99)));
            cells.AddRange(loads.Select(l => l is null ? "-" : l.CallsPerSecond.ToString("F0", CultureInfo.InvariantCulture)));
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
    }

    private static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString(ms < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);

    private static string Gib(long? bytes) => bytes is { } b ? (b / (1024.0 * 1024 * 1024)).ToString("F2", CultureInfo.InvariantCulture) + " GiB" : "?";

    private static int[] Counts(string list, string option)
    {
        var parts = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i].Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out result[i]) || result[i] < 1)
                throw new CliException($"{option}: '{parts[i]}' is not a positive whole number");
        if (result.Length == 0) throw new CliException($"{option}: give at least one number");
        return result;
    }

    /// <summary>The server dll given, or the Release then Debug build found above the current directory.</summary>
    private static string ResolveServerDll(string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
            return File.Exists(given) ? Path.GetFullPath(given) : throw new CliException($"--server-exe: '{given}' does not exist");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                foreach (var configuration in new[] { "Release", "Debug" })
                {
                    var candidate = Path.Combine(dir.FullName, "src", "MatchingPlatform.Server", "bin", configuration, "net10.0", "MatchingPlatform.Server.dll");
                    if (File.Exists(candidate)) return candidate;
                }
        throw new CliException("the server is not built: run `dotnet build -c Release src/MatchingPlatform.Server` or pass --server-exe");
    }

    /// <summary>
    /// Reports on the calling thread. Progress&lt;T&gt; posts to the thread pool, so its last reports could land
    /// after the stage they describe has finished.
    /// </summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private sealed class SyncProgress(Action<(string Stage, int Done, int Total)> report) : IProgress<(string Stage, int Done, int Total)>
    {
        public void Report((string Stage, int Done, int Total) value) => report(value);
    }
}
