using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Google.Protobuf;
using Grpc.Core;
using MatchingPlatform.Core.Security;
using MatchingPlatform.Protos.V1;
using Microsoft.Data.Sqlite;

namespace MatchingPlatform.Server.Tests;

/// <summary>
/// Throws seeded random and malformed requests at every kind of RPC, and raw bytes that are not protobuf at all,
/// as an administrator (the caller with the most reach). Every answer must be a clean status that blames the input
/// (never INTERNAL or UNKNOWN), the server must keep serving, and nothing may be written.
/// </summary>
public sealed class HostileInputTests(DemoPlatformFactory factory) : IClassFixture<DemoPlatformFactory>
{
    private static readonly StatusCode[] CleanRefusals =
        [StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.FailedPrecondition, StatusCode.AlreadyExists, StatusCode.OutOfRange];

    [Fact]
    public async Task Random_malformed_requests_get_clean_refusals_and_change_nothing()
    {
        var before = await RowCountsAsync();
        var rng = new Random(20261128);
        var channel = factory.Channel;
        var workers = new WorkerService.WorkerServiceClient(channel);
        var vacancies = new VacancyService.VacancyServiceClient(channel);
        var enterprises = new EnterpriseService.EnterpriseServiceClient(channel);
        var interactions = new InteractionService.InteractionServiceClient(channel);
        var recommend = new RecommendationService.RecommendationServiceClient(channel);
        var shortages = new ShortageService.ShortageServiceClient(channel);
        var alerts = new AlertService.AlertServiceClient(channel);
        var training = new TrainingService.TrainingServiceClient(channel);
        var resilience = new ResilienceService.ResilienceServiceClient(channel);

        var calls = new Func<Task>[]
        {
            () => workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = RandomWorker(rng) }).ResponseAsync,
            () => workers.UpdateWorkerAsync(new UpdateWorkerRequest { Worker = RandomWorker(rng) }).ResponseAsync,
            () => workers.GetWorkerAsync(new GetWorkerRequest { Id = Garbage(rng) }).ResponseAsync,
            () => workers.DeleteWorkerAsync(new DeleteWorkerRequest { Id = Garbage(rng) }).ResponseAsync,
            () => workers.ListWorkersAsync(new ListWorkersRequest { PageSize = rng.Next(int.MinValue, int.MaxValue), PageToken = Garbage(rng), City = Garbage(rng) }).ResponseAsync,
            () => enterprises.CreateEnterpriseAsync(new CreateEnterpriseRequest { Enterprise = new Enterprise { Id = Garbage(rng), Name = Garbage(rng), City = Garbage(rng), Employees = rng.Next(int.MinValue, 0) } }).ResponseAsync,
            () => vacancies.PostVacancyAsync(new PostVacancyRequest { Vacancy = RandomVacancy(rng) }).ResponseAsync,
            () => vacancies.CloseVacancyAsync(new CloseVacancyRequest { Id = Garbage(rng) }).ResponseAsync,
            () => vacancies.ListVacanciesAsync(new ListVacanciesRequest { PageSize = rng.Next(-5, 100_000), Status = (VacancyStatus)rng.Next(-3, 9), City = Garbage(rng) }).ResponseAsync,
            () => interactions.RecordInteractionAsync(new RecordInteractionRequest { WorkerId = Garbage(rng), VacancyId = Garbage(rng), Type = (InteractionType)rng.Next(-2, 12) }).ResponseAsync,
            () => recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest
            {
                WorkerId = rng.Next(2) == 0 ? "w-000001" : Garbage(rng), K = rng.Next(-1000, 1000),
                Filter = new VacancyFilter { MaxDistanceKm = RandomDouble(rng), MinSalaryMonthly = rng.Next(int.MinValue, int.MaxValue), Cities = { Garbage(rng) } },
            }).ResponseAsync,
            () => recommend.RecommendCandidatesAsync(new RecommendCandidatesRequest { VacancyId = Garbage(rng), K = rng.Next(-1000, 1000) }).ResponseAsync,
            () => recommend.GetSkillGapAsync(new GetSkillGapRequest { WorkerId = Garbage(rng), VacancyId = Garbage(rng) }).ResponseAsync,
            () => shortages.ListShortagesAsync(new ListShortagesRequest { SnapshotId = rng.NextInt64(long.MinValue, 0), MinRatio = RandomDouble(rng), TrendSnapshots = rng.Next(-50, 50), PageToken = Garbage(rng), Cities = { Garbage(rng) } }).ResponseAsync,
            () => shortages.GetWorkerAreaGapAsync(new GetWorkerAreaGapRequest { WorkerId = Garbage(rng), RadiusKm = RandomDouble(rng), MaxGaps = rng.Next(-100, 100) }).ResponseAsync,
            () => alerts.ListAlertsAsync(new ListAlertsRequest { Status = (AlertStatus)rng.Next(-3, 9), MinSeverity = (AlertSeverity)rng.Next(-3, 9), PageToken = Garbage(rng), Skill = Garbage(rng) }).ResponseAsync,
            () => alerts.GetAlertAsync(new GetAlertRequest { AlertId = rng.NextInt64(long.MinValue, long.MaxValue) }).ResponseAsync,
            () => alerts.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = rng.NextInt64(long.MinValue, 0), BureauId = Garbage(rng) }).ResponseAsync,
            () => resilience.GetResilienceWarningAsync(new GetResilienceWarningRequest { WarningId = rng.NextInt64(long.MinValue, long.MaxValue) }).ResponseAsync,
            () => resilience.AcknowledgeResilienceWarningAsync(new AcknowledgeResilienceWarningRequest { WarningId = rng.NextInt64(long.MinValue, 0), AcknowledgerId = Garbage(rng) }).ResponseAsync,
            () => training.ListTrainingProgrammesAsync(new ListTrainingProgrammesRequest { Skill = Garbage(rng), City = Garbage(rng), PageSize = rng.Next(-10, 10_000) }).ResponseAsync,
        };

        var outcomes = new Dictionary<StatusCode, int>();
        for (var i = 0; i < 1500; i++)
        {
            var status = StatusCode.OK;
            try
            {
                await calls[rng.Next(calls.Length)]();
            }
            catch (RpcException ex)
            {
                status = ex.StatusCode;
                Assert.True(CleanRefusals.Contains(status), $"request {i}: {status} {ex.Status.Detail}");
                Assert.DoesNotContain("Exception", ex.Status.Detail);
            }
            outcomes[status] = outcomes.GetValueOrDefault(status) + 1;
        }
        Assert.True(outcomes.GetValueOrDefault(StatusCode.InvalidArgument) > 500, string.Join(", ", outcomes));
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task Bytes_that_are_not_a_request_are_refused_without_an_internal_error()
    {
        var before = await RowCountsAsync();
        var rng = new Random(7);
        using var http = factory.CreateDefaultClient();
        var token = AccessTokens.Issue(new AccessTokenRequest(PlatformRoles.Admin, "fuzz", [], TimeSpan.FromHours(1)), PlatformFactory.SigningKey, DateTimeOffset.UtcNow);
        foreach (var method in new[] { "/talent.v1.WorkerService/CreateWorker", "/talent.v1.VacancyService/PostVacancy", "/talent.v1.RecommendationService/RecommendVacancies" })
            for (var i = 0; i < 20; i++)
            {
                var payload = new byte[rng.Next(0, 300)];
                rng.NextBytes(payload);
                // A gRPC frame (uncompressed flag, big-endian length) around bytes that are not a protobuf message.
                var frame = new byte[5 + payload.Length];
                frame[0] = 0;
                BitConverter.GetBytes(IPAddress.HostToNetworkOrder(payload.Length)).CopyTo(frame, 1);
                payload.CopyTo(frame, 5);
                using var request = new HttpRequestMessage(HttpMethod.Post, method) { Version = HttpVersion.Version20, Content = new ByteArrayContent(frame) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.TE.ParseAdd("trailers");
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                var grpcStatus = response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.First()
                    : response.Headers.TryGetValues("grpc-status", out var h) ? h.First() : "missing";
                // Bytes that do not parse as the request message: INVALID_ARGUMENT naming the type (RequestFrameValidation).
                // Random bytes occasionally parse (unknown fields are legal protobuf); then the service's own validation
                // answers, with INVALID_ARGUMENT or NOT_FOUND like any other bad request.
                Assert.True(grpcStatus is "3" or "5", $"{method} with {payload.Length} random bytes: grpc-status {grpcStatus}");
            }
        Assert.Equal(before, await RowCountsAsync());
        // Still serving.
        Assert.NotEmpty((await new TaxonomyService.TaxonomyServiceClient(factory.Channel).ListCitiesAsync(new ListCitiesRequest())).Cities);
    }

    [Fact]
    public async Task A_deadline_is_honoured()
    {
        var recommend = new RecommendationService.RecommendationServiceClient(factory.Channel);
        var ex = await Assert.ThrowsAsync<RpcException>(() => recommend.RecommendVacanciesAsync(
            new RecommendVacanciesRequest { WorkerId = "w-000001" }, deadline: DateTime.UtcNow.AddTicks(1)).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    private static Worker RandomWorker(Random rng)
    {
        var w = new Worker
        {
            Id = Garbage(rng), DisplayName = Garbage(rng), City = "not-a-city-" + Garbage(rng), Education = (Education)rng.Next(-5, 12),
            ExperienceYears = rng.Next(int.MinValue, int.MaxValue), SalaryWishMonthly = rng.Next(int.MinValue, int.MaxValue),
            BirthYear = rng.Next(-5000, 5000), Version = rng.NextInt64(long.MinValue, long.MaxValue),
        };
        for (var i = rng.Next(0, 150); i > 0; i--) w.Skills.Add(new SkillLevel { Skill = Garbage(rng), Level = rng.Next(-10, 10) });
        if (rng.Next(3) == 0) w.History.Add(new WorkHistoryEntry { City = Garbage(rng), StartDate = Garbage(rng), EndDate = Garbage(rng) });
        return w;
    }

    private static Vacancy RandomVacancy(Random rng)
    {
        var v = new Vacancy
        {
            Id = Garbage(rng), EnterpriseId = Garbage(rng), Title = Garbage(rng), City = "not-a-city-" + Garbage(rng),
            SalaryMinMonthly = rng.Next(int.MinValue, int.MaxValue), SalaryMaxMonthly = rng.Next(int.MinValue, int.MaxValue),
            Headcount = rng.Next(int.MinValue, int.MaxValue), Description = rng.Next(4) == 0 ? new string('x', 30_000) : Garbage(rng),
        };
        for (var i = rng.Next(0, 120); i > 0; i--) v.Requirements.Add(new SkillRequirement { Skill = Garbage(rng), Level = rng.Next(-10, 10), Importance = rng.Next(-10, 10) });
        return v;
    }

    /// <summary>Empty, huge, control characters, SQL and path fragments, invalid surrogates, plausible-looking ids.</summary>
    private static string Garbage(Random rng) => rng.Next(9) switch
    {
        0 => "",
        1 => new string((char)rng.Next(0, 32), rng.Next(1, 50)),
        2 => new string('a', rng.Next(65, 5000)),
        3 => "'; DROP TABLE workers; --",
        4 => "../../etc/passwd",
        5 => "\uD800" + rng.Next(),
        6 => "w-" + rng.Next(0, 10_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
        7 => "%s%n{0}\u202E\u0000",
        _ => Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
    };

    private static double RandomDouble(Random rng) => rng.Next(6) switch
    {
        0 => double.NaN,
        1 => double.PositiveInfinity,
        2 => double.NegativeInfinity,
        3 => -rng.NextDouble() * 1e9,
        4 => double.MaxValue,
        _ => rng.NextDouble() * 1e4,
    };

    private async Task<string> RowCountsAsync()
    {
        _ = factory.Server; // starts the server (and seeds its database) on first use
        await using var c = new SqliteConnection($"Data Source={factory.DatabasePath}");
        var counts = new List<string>();
        foreach (var table in new[] { "workers", "worker_skills", "work_history", "enterprises", "vacancies", "vacancy_skills", "interactions", "alert_acks", "resilience_warning_acks", "shortage_snapshots" })
            counts.Add($"{table}={await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}")}");
        counts.Add($"open={await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM vacancies WHERE status = 1")}");
        counts.Add($"versions={await c.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(version), 0) FROM workers")}");
        return string.Join(", ", counts);
    }
}
