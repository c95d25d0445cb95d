using Grpc.Core;
using MatchingPlatform.Protos.V1;

namespace MatchingPlatform.Server.Tests;

/// <summary>Workers, enterprises, vacancies and interactions over real gRPC: the happy paths and every error path.</summary>
public sealed class ProfileServiceTests(EmptyPlatformFactory factory) : IClassFixture<EmptyPlatformFactory>
{
    private readonly WorkerService.WorkerServiceClient _workers = new(factory.Channel);
    private readonly EnterpriseService.EnterpriseServiceClient _enterprises = new(factory.Channel);
    private readonly VacancyService.VacancyServiceClient _vacancies = new(factory.Channel);
    private readonly InteractionService.InteractionServiceClient _interactions = new(factory.Channel);

    private static async Task<RpcException> Fails(StatusCode code, Func<Task> call, string? detailContains = null)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, ex.StatusCode);
        if (detailContains is not null) Assert.Contains(detailContains, ex.Status.Detail);
        return ex;
    }

    [Fact]
    public async Task Worker_lifecycle()
    {
        var created = await _workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = Builders.Worker("w-life") });
        Assert.Equal(1, created.Version);
        var read = await _workers.GetWorkerAsync(new GetWorkerRequest { Id = "w-life" });
        Assert.Equal(created, read);
        Assert.Equal("2019-01-01", read.History[1].StartDate);
        Assert.Equal("", read.History[1].EndDate);

        var changed = read.Clone();
        changed.Skills.Add(new SkillLevel { Skill = "python", Level = 2 });
        var updated = await _workers.UpdateWorkerAsync(new UpdateWorkerRequest { Worker = changed });
        Assert.Equal(2, updated.Version);
        Assert.Equal(3, updated.Skills.Count);

        // The first reader's copy is now stale: its update is refused and changes nothing.
        var stale = read.Clone();
        stale.DisplayName = "Lost update";
        await Fails(StatusCode.Aborted, () => _workers.UpdateWorkerAsync(new UpdateWorkerRequest { Worker = stale }).ResponseAsync, "version");
        Assert.Equal("Wang Fang", (await _workers.GetWorkerAsync(new GetWorkerRequest { Id = "w-life" })).DisplayName);

        var deleted = await _workers.DeleteWorkerAsync(new DeleteWorkerRequest { Id = "w-life" });
        Assert.Equal(0, deleted.InteractionsDeleted);
        await Fails(StatusCode.NotFound, () => _workers.GetWorkerAsync(new GetWorkerRequest { Id = "w-life" }).ResponseAsync, "w-life");
        await Fails(StatusCode.NotFound, () => _workers.DeleteWorkerAsync(new DeleteWorkerRequest { Id = "w-life" }).ResponseAsync);
    }

    [Fact]
    public async Task Duplicate_worker_is_AlreadyExists_and_keeps_the_first()
    {
        await _workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = Builders.Worker("w-dup") });
        var second = Builders.Worker("w-dup");
        second.DisplayName = "Someone else";
        await Fails(StatusCode.AlreadyExists, () => _workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = second }).ResponseAsync, "w-dup");
        Assert.Equal("Wang Fang", (await _workers.GetWorkerAsync(new GetWorkerRequest { Id = "w-dup" })).DisplayName);
    }

    public static TheoryData<string, Action<Worker>> BadWorkers => new()
    {
        { "worker.id", w => w.Id = "bad id with spaces" },
        { "worker.display_name", w => w.DisplayName = "" },
        { "worker.city", w => w.City = "atlantis" },
        { "worker.education", w => w.Education = (Education)42 },
        { "worker.experience_years", w => w.ExperienceYears = -1 },
        { "worker.skills[0].level", w => w.Skills[0].Level = 9 },
        { "worker.skills[1].skill", w => w.Skills[1].Skill = "telepathy" },
        { "worker.skills", w => w.Skills.Add(new SkillLevel { Skill = "plc-programming", Level = 1 }) },
        { "worker.history[0].start_date", w => w.History[0].StartDate = "March 2012" },
        { "worker.history[0].end_date", w => w.History[0].EndDate = "2001-01-01" },
        { "worker.salary_wish_monthly", w => w.SalaryWishMonthly = -5 },
    };

    [Theory]
    [MemberData(nameof(BadWorkers))]
    public async Task Invalid_worker_field_is_named_and_nothing_is_written(string field, Action<Worker> spoil)
    {
        var worker = Builders.Worker("w-bad-" + Math.Abs(field.GetHashCode()));
        spoil(worker);
        var ex = await Fails(StatusCode.InvalidArgument, () => _workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = worker }).ResponseAsync);
        Assert.StartsWith(field, ex.Status.Detail);
        if (field != "worker.id")
            await Fails(StatusCode.NotFound, () => _workers.GetWorkerAsync(new GetWorkerRequest { Id = worker.Id }).ResponseAsync);
    }

    [Fact]
    public async Task Missing_message_and_bad_ids_are_InvalidArgument()
    {
        await Fails(StatusCode.InvalidArgument, () => _workers.CreateWorkerAsync(new CreateWorkerRequest()).ResponseAsync, "worker: required");
        await Fails(StatusCode.InvalidArgument, () => _workers.GetWorkerAsync(new GetWorkerRequest()).ResponseAsync, "id: required");
        await Fails(StatusCode.InvalidArgument, () => _workers.GetWorkerAsync(new GetWorkerRequest { Id = "../etc/passwd" }).ResponseAsync, "id:");
        await Fails(StatusCode.InvalidArgument, () => _workers.ListWorkersAsync(new ListWorkersRequest { PageSize = 100_000 }).ResponseAsync, "page_size");
        var noVersion = Builders.Worker("w-nover");
        await Fails(StatusCode.InvalidArgument, () => _workers.UpdateWorkerAsync(new UpdateWorkerRequest { Worker = noVersion }).ResponseAsync, "worker.version");
    }

    [Fact]
    public async Task Listing_workers_pages_through_everything_once()
    {
        for (var i = 0; i < 5; i++)
            await _workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = Builders.Worker($"w-list-{i}", city: "tieling") });
        var ids = new List<string>();
        var token = "";
        do
        {
            var page = await _workers.ListWorkersAsync(new ListWorkersRequest { PageSize = 2, PageToken = token, City = "tieling" });
            ids.AddRange(page.Workers.Select(w => w.Id));
            token = page.NextPageToken;
        } while (token != "");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"w-list-{i}"), ids);
    }

    [Fact]
    public async Task Enterprise_and_vacancy_lifecycle()
    {
        var e = await _enterprises.CreateEnterpriseAsync(new CreateEnterpriseRequest { Enterprise = Builders.Enterprise("e-life") });
        await Fails(StatusCode.AlreadyExists, () => _enterprises.CreateEnterpriseAsync(new CreateEnterpriseRequest { Enterprise = Builders.Enterprise("e-life") }).ResponseAsync);
        var renamed = e.Clone();
        renamed.Name = "Shenyang Robotics Group";
        Assert.Equal(2, (await _enterprises.UpdateEnterpriseAsync(new UpdateEnterpriseRequest { Enterprise = renamed })).Version);
        await Fails(StatusCode.Aborted, () => _enterprises.UpdateEnterpriseAsync(new UpdateEnterpriseRequest { Enterprise = renamed }).ResponseAsync);

        var posted = await _vacancies.PostVacancyAsync(new PostVacancyRequest { Vacancy = Builders.Vacancy("v-life", "e-life") });
        Assert.Equal(VacancyStatus.Open, posted.Status);
        Assert.NotNull(posted.PostTime);
        await Fails(StatusCode.AlreadyExists, () => _vacancies.PostVacancyAsync(new PostVacancyRequest { Vacancy = Builders.Vacancy("v-life", "e-life") }).ResponseAsync);
        var listed = await _vacancies.ListVacanciesAsync(new ListVacanciesRequest { EnterpriseId = "e-life", Status = VacancyStatus.Open });
        Assert.Equal(["v-life"], listed.Vacancies.Select(v => v.Id));

        // An enterprise with an open vacancy cannot disappear from under it.
        await Fails(StatusCode.FailedPrecondition, () => _enterprises.DeleteEnterpriseAsync(new DeleteEnterpriseRequest { Id = "e-life" }).ResponseAsync, "open vacancies");
        var closed = await _vacancies.CloseVacancyAsync(new CloseVacancyRequest { Id = "v-life" });
        Assert.Equal(VacancyStatus.Closed, closed.Status);
        Assert.Equal(closed, await _vacancies.CloseVacancyAsync(new CloseVacancyRequest { Id = "v-life" }));
        await _enterprises.DeleteEnterpriseAsync(new DeleteEnterpriseRequest { Id = "e-life" });
        await Fails(StatusCode.NotFound, () => _enterprises.GetEnterpriseAsync(new GetEnterpriseRequest { Id = "e-life" }).ResponseAsync);
        await Fails(StatusCode.NotFound, () => _vacancies.GetVacancyAsync(new GetVacancyRequest { Id = "v-life" }).ResponseAsync);
        await Fails(StatusCode.NotFound, () => _vacancies.CloseVacancyAsync(new CloseVacancyRequest { Id = "v-life" }).ResponseAsync);
    }

    [Fact]
    public async Task Vacancy_errors_name_the_field()
    {
        await Fails(StatusCode.NotFound, () => _vacancies.PostVacancyAsync(new PostVacancyRequest { Vacancy = Builders.Vacancy("v-orphan", "e-nowhere") }).ResponseAsync, "enterprise_id");
        await _enterprises.CreateEnterpriseAsync(new CreateEnterpriseRequest { Enterprise = Builders.Enterprise("e-val") });
        var noSkills = Builders.Vacancy("v-noskills", "e-val");
        noSkills.Requirements.Clear();
        await Fails(StatusCode.InvalidArgument, () => _vacancies.PostVacancyAsync(new PostVacancyRequest { Vacancy = noSkills }).ResponseAsync, "vacancy.requirements");
        var upsideDown = Builders.Vacancy("v-salary", "e-val");
        upsideDown.SalaryMaxMonthly = 100;
        await Fails(StatusCode.InvalidArgument, () => _vacancies.PostVacancyAsync(new PostVacancyRequest { Vacancy = upsideDown }).ResponseAsync, "vacancy.salary_max_monthly");
        var importance = Builders.Vacancy("v-imp", "e-val", "shenyang", ("python", 3, 0));
        await Fails(StatusCode.InvalidArgument, () => _vacancies.PostVacancyAsync(new PostVacancyRequest { Vacancy = importance }).ResponseAsync, "vacancy.requirements[0].importance");
        await Fails(StatusCode.NotFound, () => _vacancies.GetVacancyAsync(new GetVacancyRequest { Id = "v-salary" }).ResponseAsync);
    }

    [Fact]
    public async Task Interactions_are_recorded_and_validated()
    {
        await _enterprises.CreateEnterpriseAsync(new CreateEnterpriseRequest { Enterprise = Builders.Enterprise("e-int") });
        await _vacancies.PostVacancyAsync(new PostVacancyRequest { Vacancy = Builders.Vacancy("v-int", "e-int") });
        await _workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = Builders.Worker("w-int") });
        var recorded = await _interactions.RecordInteractionAsync(new RecordInteractionRequest { WorkerId = "w-int", VacancyId = "v-int", Type = InteractionType.Apply });
        Assert.True(recorded.Id > 0);
        Assert.Equal(InteractionType.Apply, recorded.Type);

        await Fails(StatusCode.InvalidArgument, () => _interactions.RecordInteractionAsync(new RecordInteractionRequest { WorkerId = "w-int", VacancyId = "v-int" }).ResponseAsync, "type");
        await Fails(StatusCode.InvalidArgument, () => _interactions.RecordInteractionAsync(new RecordInteractionRequest { WorkerId = "w-int", VacancyId = "v-int", Type = (InteractionType)77 }).ResponseAsync, "type");
        await Fails(StatusCode.NotFound, () => _interactions.RecordInteractionAsync(new RecordInteractionRequest { WorkerId = "w-ghost", VacancyId = "v-int", Type = InteractionType.View }).ResponseAsync, "worker_id");
        await Fails(StatusCode.NotFound, () => _interactions.RecordInteractionAsync(new RecordInteractionRequest { WorkerId = "w-int", VacancyId = "v-ghost", Type = InteractionType.View }).ResponseAsync, "vacancy_id");
        var future = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(2));
        await Fails(StatusCode.InvalidArgument, () => _interactions.RecordInteractionAsync(new RecordInteractionRequest { WorkerId = "w-int", VacancyId = "v-int", Type = InteractionType.View, OccurTime = future }).ResponseAsync, "occur_time");

        var deleted = await _workers.DeleteWorkerAsync(new DeleteWorkerRequest { Id = "w-int" });
        Assert.Equal(1, deleted.InteractionsDeleted);
    }
}
