using Grpc.Core;
using Grpc.Health.V1;
using MatchingPlatform.Core.Security;
using MatchingPlatform.Protos.V1;

namespace MatchingPlatform.Server.Tests;

/// <summary>
/// Two tenants of each kind: enterprises e-an (Anshan) and e-sy (Shenyang), each with a vacancy asking Python 3 for
/// six people; job seekers w-an and w-sy holding Python 2, so each city has a shortage alert with one near-qualified
/// seeker. Set up once by an administrator; every test then calls as somebody else.
/// </summary>
public sealed class AuthPlatformFactory : PlatformFactory
{
    public AuthPlatformFactory() : base(seedDemoData: false) { }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["AlertRules:ConsecutiveSnapshots"] = "1",
        ["AlertRules:Trend:Enabled"] = "false",
    };

    private readonly Lock _gate = new();
    private Task<IReadOnlyDictionary<string, long>>? _arranged;
    private Task<IReadOnlyDictionary<string, long>>? _warnings;

    /// <summary>Alert id per city code.</summary>
    public Task<IReadOnlyDictionary<string, long>> ArrangeAsync()
    {
        lock (_gate) return _arranged ??= ArrangeOnceAsync();
    }

    /// <summary>Resilience warning id per city code: one open warning in Anshan and one in Shenyang.</summary>
    public Task<IReadOnlyDictionary<string, long>> WarningIdsAsync()
    {
        lock (_gate) return _warnings ??= ResilienceWarnings.OpenAsync(this, "anshan", "shenyang");
    }

    private async Task<IReadOnlyDictionary<string, long>> ArrangeOnceAsync()
    {
        var enterprises = new EnterpriseService.EnterpriseServiceClient(Channel);
        var vacancies = new VacancyService.VacancyServiceClient(Channel);
        var workers = new WorkerService.WorkerServiceClient(Channel);
        foreach (var (suffix, city) in new[] { ("an", "anshan"), ("sy", "shenyang") })
        {
            await enterprises.CreateEnterpriseAsync(new CreateEnterpriseRequest { Enterprise = Builders.Enterprise($"e-{suffix}", city) });
            var v = Builders.Vacancy($"v-{suffix}", $"e-{suffix}", city, ("python", 3, 5));
            v.Headcount = 6;
            await vacancies.PostVacancyAsync(new PostVacancyRequest { Vacancy = v });
            await workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = Builders.Worker($"w-{suffix}", city, ("python", 2)) });
        }
        await new ShortageService.ShortageServiceClient(Channel).TakeSnapshotAsync(new TakeSnapshotRequest());
        var alerts = await new AlertService.AlertServiceClient(Channel).ListAlertsAsync(new ListAlertsRequest());
        return alerts.Alerts.ToDictionary(a => a.City, a => a.Id);
    }
}

public sealed class AuthorizationTests(AuthPlatformFactory factory) : IClassFixture<AuthPlatformFactory>
{
    private const string DeniedText = "permission denied: this caller may not do this";

    private WorkerService.WorkerServiceClient Workers(string role, string subject, params string[] cities) => new(factory.ChannelAs(role, subject, cities));

    [Fact]
    public async Task Calls_without_a_valid_token_are_unauthenticated_but_health_is_open()
    {
        await factory.ArrangeAsync();
        var anonymous = factory.ChannelWithToken(null);
        await AssertStatus(StatusCode.Unauthenticated, () => new TaxonomyService.TaxonomyServiceClient(anonymous).ListCitiesAsync(new ListCitiesRequest()));
        await AssertStatus(StatusCode.Unauthenticated, () => new WorkerService.WorkerServiceClient(anonymous).GetWorkerAsync(new GetWorkerRequest { Id = "w-an" }));

        var forged = AccessTokens.Issue(new AccessTokenRequest(PlatformRoles.Admin, "mallory", [], TimeSpan.FromHours(1)),
            AccessTokens.DevelopmentSigningKey, DateTimeOffset.UtcNow);
        await AssertStatus(StatusCode.Unauthenticated, () => new WorkerService.WorkerServiceClient(factory.ChannelWithToken(forged)).GetWorkerAsync(new GetWorkerRequest { Id = "w-an" }));
        var expired = AccessTokens.Issue(new AccessTokenRequest(PlatformRoles.Admin, "ops", [], TimeSpan.FromMinutes(1)),
            PlatformFactory.SigningKey, DateTimeOffset.UtcNow.AddHours(-2));
        await AssertStatus(StatusCode.Unauthenticated, () => new WorkerService.WorkerServiceClient(factory.ChannelWithToken(expired)).GetWorkerAsync(new GetWorkerRequest { Id = "w-an" }));
        await AssertStatus(StatusCode.Unauthenticated, () => new WorkerService.WorkerServiceClient(factory.ChannelWithToken("not-a-jwt")).GetWorkerAsync(new GetWorkerRequest { Id = "w-an" }));

        var health = await new Health.HealthClient(anonymous).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task A_job_seeker_reaches_only_their_own_profile_and_recommendations()
    {
        await factory.ArrangeAsync();
        var self = Workers(PlatformRoles.JobSeeker, "w-an");
        Assert.Equal("w-an", (await self.GetWorkerAsync(new GetWorkerRequest { Id = "w-an" })).Id);
        var recommend = new RecommendationService.RecommendationServiceClient(factory.ChannelAs(PlatformRoles.JobSeeker, "w-an"));
        await recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest { WorkerId = "w-an" });

        // Another worker's profile, an id that does not exist: the same refusal, so nothing tells them apart.
        await AssertDenied(() => self.GetWorkerAsync(new GetWorkerRequest { Id = "w-sy" }));
        await AssertDenied(() => self.GetWorkerAsync(new GetWorkerRequest { Id = "w-nobody" }));
        var other = await Workers(PlatformRoles.Admin, "ops").GetWorkerAsync(new GetWorkerRequest { Id = "w-sy" });
        var tampered = other.Clone();
        tampered.DisplayName = "Hijacked";
        await AssertDenied(() => self.UpdateWorkerAsync(new UpdateWorkerRequest { Worker = tampered }));
        await AssertDenied(() => self.DeleteWorkerAsync(new DeleteWorkerRequest { Id = "w-sy" }));
        await AssertDenied(() => self.CreateWorkerAsync(new CreateWorkerRequest { Worker = Builders.Worker("w-someone-else", "anshan") }));
        await AssertDenied(() => self.ListWorkersAsync(new ListWorkersRequest()));
        await AssertDenied(() => recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest { WorkerId = "w-sy" }));
        await AssertDenied(() => recommend.RecommendCandidatesAsync(new RecommendCandidatesRequest { VacancyId = "v-an" }));
        await AssertDenied(() => recommend.GetSkillGapAsync(new GetSkillGapRequest { WorkerId = "w-sy", VacancyId = "v-sy" }));
        await AssertDenied(() => new ShortageService.ShortageServiceClient(factory.ChannelAs(PlatformRoles.JobSeeker, "w-an"))
            .GetWorkerAreaGapAsync(new GetWorkerAreaGapRequest { WorkerId = "w-sy" }));
        await AssertDenied(() => new InteractionService.InteractionServiceClient(factory.ChannelAs(PlatformRoles.JobSeeker, "w-an"))
            .RecordInteractionAsync(new RecordInteractionRequest { WorkerId = "w-sy", VacancyId = "v-sy", Type = InteractionType.Apply }));

        // Nothing the refused calls asked for happened.
        var after = await Workers(PlatformRoles.Admin, "ops").GetWorkerAsync(new GetWorkerRequest { Id = "w-sy" });
        Assert.Equal(other, after);
    }

    [Fact]
    public async Task An_enterprise_manages_only_its_own_vacancies_and_shortlists()
    {
        await factory.ArrangeAsync();
        var channel = factory.ChannelAs(PlatformRoles.Enterprise, "e-an");
        var vacancies = new VacancyService.VacancyServiceClient(channel);
        var recommend = new RecommendationService.RecommendationServiceClient(channel);
        await recommend.RecommendCandidatesAsync(new RecommendCandidatesRequest { VacancyId = "v-an" });
        // Vacancies are public: reading another enterprise's is fine; changing it is not.
        Assert.Equal("e-sy", (await vacancies.GetVacancyAsync(new GetVacancyRequest { Id = "v-sy" })).EnterpriseId);

        await AssertDenied(() => vacancies.CloseVacancyAsync(new CloseVacancyRequest { Id = "v-sy" }));
        await AssertDenied(() => vacancies.PostVacancyAsync(new PostVacancyRequest { Vacancy = Builders.Vacancy("v-fake", "e-sy", "shenyang") }));
        await AssertDenied(() => recommend.RecommendCandidatesAsync(new RecommendCandidatesRequest { VacancyId = "v-sy" }));
        await AssertDenied(() => new WorkerService.WorkerServiceClient(channel).GetWorkerAsync(new GetWorkerRequest { Id = "w-an" }));
        var enterprise = await new EnterpriseService.EnterpriseServiceClient(factory.Channel).GetEnterpriseAsync(new GetEnterpriseRequest { Id = "e-sy" });
        await AssertDenied(() => new EnterpriseService.EnterpriseServiceClient(channel).UpdateEnterpriseAsync(new UpdateEnterpriseRequest { Enterprise = enterprise }));
        await AssertDenied(() => new EnterpriseService.EnterpriseServiceClient(channel).DeleteEnterpriseAsync(new DeleteEnterpriseRequest { Id = "e-sy" }));
        var interactions = new InteractionService.InteractionServiceClient(channel);
        await AssertDenied(() => interactions.RecordInteractionAsync(new RecordInteractionRequest { WorkerId = "w-sy", VacancyId = "v-sy", Type = InteractionType.Hire }));
        await AssertDenied(() => interactions.RecordInteractionAsync(new RecordInteractionRequest { WorkerId = "w-an", VacancyId = "v-an", Type = InteractionType.Apply }));
        await interactions.RecordInteractionAsync(new RecordInteractionRequest { WorkerId = "w-an", VacancyId = "v-an", Type = InteractionType.Interview });

        Assert.Equal(VacancyStatus.Open, (await vacancies.GetVacancyAsync(new GetVacancyRequest { Id = "v-sy" })).Status);
        await AssertStatus(StatusCode.NotFound, () => vacancies.GetVacancyAsync(new GetVacancyRequest { Id = "v-fake" }));
    }

    [Fact]
    public async Task A_training_bureau_sees_alerts_and_seekers_of_its_own_cities_only()
    {
        var alertIds = await factory.ArrangeAsync();
        var channel = factory.ChannelAs(PlatformRoles.TrainingBureau, "bureau-anshan", "anshan");
        var alerts = new AlertService.AlertServiceClient(channel);

        var mine = await alerts.ListAlertsAsync(new ListAlertsRequest());
        Assert.Equal(["anshan"], mine.Alerts.Select(a => a.City).Distinct());
        var detail = await alerts.GetAlertAsync(new GetAlertRequest { AlertId = alertIds["anshan"] });
        Assert.Equal(["w-an"], detail.NearQualified.Select(s => s.WorkerId));

        await AssertDenied(() => alerts.ListAlertsAsync(new ListAlertsRequest { Cities = { "shenyang" } }));
        await AssertDenied(() => alerts.GetAlertAsync(new GetAlertRequest { AlertId = alertIds["shenyang"] }));
        await AssertDenied(() => alerts.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = alertIds["shenyang"], BureauId = "bureau-anshan" }));
        await AssertDenied(() => alerts.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = alertIds["anshan"], BureauId = "bureau-shenyang" }));
        var stream = alerts.SubscribeAlerts(new SubscribeAlertsRequest { Cities = { "anshan", "shenyang" } });
        await AssertDenied(() => stream.ResponseStream.MoveNext(CancellationToken.None));
        await AssertDenied(() => new WorkerService.WorkerServiceClient(channel).GetWorkerAsync(new GetWorkerRequest { Id = "w-an" }));

        var ack = await alerts.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = alertIds["anshan"], BureauId = "bureau-anshan" });
        Assert.True(ack.FirstAcknowledgement);
    }

    [Fact]
    public async Task An_analyst_sees_aggregates_but_no_personal_data()
    {
        var alertIds = await factory.ArrangeAsync();
        var channel = factory.ChannelAs(PlatformRoles.Analyst, "analyst-1");
        var alert = await new AlertService.AlertServiceClient(channel).GetAlertAsync(new GetAlertRequest { AlertId = alertIds["shenyang"] });
        Assert.Equal(1, alert.NearQualifiedCount);
        Assert.Empty(alert.NearQualified);
        var shortages = await new ShortageService.ShortageServiceClient(channel).ListShortagesAsync(new ListShortagesRequest());
        Assert.NotEmpty(shortages.Shortages);

        await AssertDenied(() => new WorkerService.WorkerServiceClient(channel).GetWorkerAsync(new GetWorkerRequest { Id = "w-an" }));
        await AssertDenied(() => new WorkerService.WorkerServiceClient(channel).ListWorkersAsync(new ListWorkersRequest()));
        await AssertDenied(() => new RecommendationService.RecommendationServiceClient(channel).RecommendCandidatesAsync(new RecommendCandidatesRequest { VacancyId = "v-an" }));
        await AssertDenied(() => new AlertService.AlertServiceClient(channel).AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = alertIds["anshan"], BureauId = "analyst-1" }));
        await AssertDenied(() => new ModelService.ModelServiceClient(channel).Train(new TrainRequest()).ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact]
    public async Task Resilience_warnings_are_read_and_acknowledged_within_the_bureaus_cities_and_only_as_oneself()
    {
        var warningIds = await factory.WarningIdsAsync();
        var (anshan, shenyang) = (warningIds["anshan"], warningIds["shenyang"]);
        static AcknowledgeResilienceWarningRequest Ack(long id, string who) => new() { WarningId = id, AcknowledgerId = who };
        static GetResilienceWarningRequest Get(long id) => new() { WarningId = id };

        var bureau = new ResilienceService.ResilienceServiceClient(factory.ChannelAs(PlatformRoles.TrainingBureau, "bureau-anshan", "anshan"));
        Assert.Equal("anshan", (await bureau.GetResilienceWarningAsync(Get(anshan))).Warning.City);
        await AssertDenied(() => bureau.GetResilienceWarningAsync(Get(shenyang)));
        await AssertDenied(() => bureau.AcknowledgeResilienceWarningAsync(Ack(shenyang, "bureau-anshan")));
        await AssertDenied(() => bureau.AcknowledgeResilienceWarningAsync(Ack(anshan, "bureau-shenyang")));
        // The listing stays with analysts; bureaus learn of their cities' warnings from the alert stream.
        await AssertDenied(() => bureau.ListResilienceWarningsAsync(new ListResilienceWarningsRequest { Cities = { "anshan" } }));

        var analyst = new ResilienceService.ResilienceServiceClient(factory.ChannelAs(PlatformRoles.Analyst, "analyst-1"));
        await AssertDenied(() => analyst.AcknowledgeResilienceWarningAsync(Ack(anshan, "analyst-2")));
        await AssertDenied(() => analyst.AcknowledgeResilienceWarningAsync(Ack(anshan, "bureau-anshan")));
        foreach (var (role, subject) in new[] { (PlatformRoles.JobSeeker, "w-an"), (PlatformRoles.Enterprise, "e-an") })
        {
            var other = new ResilienceService.ResilienceServiceClient(factory.ChannelAs(role, subject));
            await AssertDenied(() => other.GetResilienceWarningAsync(Get(anshan)));
            await AssertDenied(() => other.AcknowledgeResilienceWarningAsync(Ack(anshan, subject)));
        }

        // Nothing the refused calls asked for was written.
        var admin = new ResilienceService.ResilienceServiceClient(factory.Channel);
        Assert.Empty((await admin.GetResilienceWarningAsync(Get(anshan))).Acknowledgements);
        Assert.Empty((await admin.GetResilienceWarningAsync(Get(shenyang))).Acknowledgements);

        // Allowed: the bureau for its own city, the analyst anywhere, each as itself; an admin as anyone.
        Assert.True((await bureau.AcknowledgeResilienceWarningAsync(Ack(anshan, "bureau-anshan"))).FirstAcknowledgement);
        Assert.True((await analyst.AcknowledgeResilienceWarningAsync(Ack(shenyang, "analyst-1"))).FirstAcknowledgement);
        Assert.True((await admin.AcknowledgeResilienceWarningAsync(Ack(shenyang, "bureau-shenyang"))).FirstAcknowledgement);
        Assert.Equal(["analyst-1", "bureau-shenyang"], (await admin.GetResilienceWarningAsync(Get(shenyang))).Acknowledgements.Select(a => a.AcknowledgerId));
    }

    private static async Task AssertDenied<T>(Func<AsyncUnaryCall<T>> call) => await AssertDenied(() => call().ResponseAsync);

    private static async Task AssertDenied(Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        // One message for every refusal: it names no id, no owner, and does not say whether the thing exists.
        Assert.Equal(DeniedText, ex.Status.Detail);
    }

    private static async Task AssertStatus<T>(StatusCode expected, Func<AsyncUnaryCall<T>> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => call().ResponseAsync);
        Assert.Equal(expected, ex.StatusCode);
    }
}

/// <summary>A server with a tight per-caller rate limit.</summary>
public sealed class RateLimitedPlatformFactory : PlatformFactory
{
    public RateLimitedPlatformFactory() : base(seedDemoData: false) { }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:PermitsPerSecond"] = "1",
        ["RateLimits:Burst"] = "5",
    };
}

public sealed class RateLimitTests(RateLimitedPlatformFactory factory) : IClassFixture<RateLimitedPlatformFactory>
{
    [Fact]
    public async Task A_caller_over_its_budget_gets_resource_exhausted_and_others_are_not_affected()
    {
        var greedy = new TaxonomyService.TaxonomyServiceClient(factory.ChannelAs(PlatformRoles.Analyst, "greedy"));
        var statuses = new List<StatusCode>();
        for (var i = 0; i < 12; i++)
        {
            try
            {
                await greedy.ListCitiesAsync(new ListCitiesRequest());
                statuses.Add(StatusCode.OK);
            }
            catch (RpcException ex)
            {
                statuses.Add(ex.StatusCode);
            }
        }
        // A burst of 5 and one more per second: the first calls pass, the rest of a quick run is refused, cleanly.
        Assert.True(statuses.Take(5).All(s => s == StatusCode.OK), string.Join(",", statuses));
        Assert.Contains(StatusCode.ResourceExhausted, statuses);
        Assert.All(statuses, s => Assert.True(s is StatusCode.OK or StatusCode.ResourceExhausted, s.ToString()));

        var polite = new TaxonomyService.TaxonomyServiceClient(factory.ChannelAs(PlatformRoles.Analyst, "polite"));
        Assert.NotEmpty((await polite.ListCitiesAsync(new ListCitiesRequest())).Cities);
    }
}

/// <summary>A server configured with the given settings on top of the test defaults; used to show start-up refusals.</summary>
public sealed class ConfiguredPlatformFactory(IDictionary<string, string?> settings) : PlatformFactory(seedDemoData: false)
{
    protected override IDictionary<string, string?> Settings => settings;
}

public sealed class StartupKeyTests
{
    [Theory]
    [InlineData("Auth:SigningKey", "", "Auth:SigningKey: no signing key is configured")]
    [InlineData("Auth:SigningKey", "k3y-0f-9-bytes", "Auth:SigningKey: the signing key is shorter than 32 bytes")]
    [InlineData("Auth:SigningKey", AccessTokens.DevelopmentSigningKey, "the public development key is refused outside Development")]
    [InlineData("Privacy:ContactKey", "", "Privacy:ContactKey: no contact encryption key is configured")]
    [InlineData("Privacy:ContactKey", "ZGV2ZWxvcG1lbnQtb25seS1jb250YWN0LWtleS0wMDA=", "Privacy:ContactKey: the public development key is refused")]
    public void Outside_development_the_server_refuses_to_start_without_real_keys(string setting, string value, string expected)
    {
        using var factory = new ConfiguredPlatformFactory(new Dictionary<string, string?> { [setting] = value });
        var ex = Assert.ThrowsAny<Exception>(() => factory.Server);
        var messages = string.Join(" | ", Flatten(ex).Select(e => e.Message));
        Assert.Contains(expected, messages);
        // The message names the setting, never the key itself.
        if (value.Length > 0) Assert.DoesNotContain(value, messages);
    }

    private static IEnumerable<Exception> Flatten(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException a) foreach (var inner in a.InnerExceptions.SelectMany(Flatten)) yield return inner;
        }
    }
}
