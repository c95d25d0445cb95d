using System.Security.Cryptography;
using Dapper;
using Grpc.Core;
using WorkerContact = MatchingPlatform.Core.Profiles.WorkerContact;
using MatchingPlatform.Core.Security;
using MatchingPlatform.Data.Privacy;
using MatchingPlatform.Protos.V1;
using Microsoft.Data.Sqlite;

namespace MatchingPlatform.Server.Tests;

/// <summary>
/// Contact details: sealed in the database, shown to the worker, and to an enterprise only for its vacancy the worker
/// applied to; gone with the worker, while stored aggregates stay as they were.
/// </summary>
public sealed class PrivacyTests(EmptyPlatformFactory factory) : IClassFixture<EmptyPlatformFactory>
{
    private static Protos.V1.Worker WithContact(Protos.V1.Worker w, string phone, string email)
    {
        w.Contact = new ContactDetails { Phone = phone, Email = email };
        return w;
    }

    [Fact]
    public async Task Contact_details_are_sealed_at_rest_and_shown_only_to_the_worker_and_to_enterprises_they_applied_to()
    {
        await new EnterpriseService.EnterpriseServiceClient(factory.Channel).CreateEnterpriseAsync(
            new CreateEnterpriseRequest { Enterprise = Builders.Enterprise("e-priv", "fushun") });
        var vacancy = Builders.Vacancy("v-priv", "e-priv", "fushun", ("python", 2, 5));
        await new VacancyService.VacancyServiceClient(factory.ChannelAs(PlatformRoles.Enterprise, "e-priv")).PostVacancyAsync(new PostVacancyRequest { Vacancy = vacancy });
        foreach (var (id, phone) in new[] { ("w-priv-applied", "+86 138 0000 1111"), ("w-priv-silent", "139-0000-2222") })
            await new WorkerService.WorkerServiceClient(factory.ChannelAs(PlatformRoles.JobSeeker, id)).CreateWorkerAsync(new CreateWorkerRequest
            {
                Worker = WithContact(Builders.Worker(id, "fushun", ("python", 3)), phone, $"{id}@example.cn"),
            });
        await new InteractionService.InteractionServiceClient(factory.ChannelAs(PlatformRoles.JobSeeker, "w-priv-applied"))
            .RecordInteractionAsync(new RecordInteractionRequest { WorkerId = "w-priv-applied", VacancyId = "v-priv", Type = InteractionType.Apply });

        // The worker sees their own details.
        var own = await new WorkerService.WorkerServiceClient(factory.ChannelAs(PlatformRoles.JobSeeker, "w-priv-silent"))
            .GetWorkerAsync(new GetWorkerRequest { Id = "w-priv-silent" });
        Assert.Equal("139-0000-2222", own.Contact.Phone);

        // The enterprise sees the applicant's details and not the other candidate's.
        var shortlist = await new RecommendationService.RecommendationServiceClient(factory.ChannelAs(PlatformRoles.Enterprise, "e-priv"))
            .RecommendCandidatesAsync(new RecommendCandidatesRequest { VacancyId = "v-priv", K = 10 });
        var applied = Assert.Single(shortlist.Candidates, c => c.WorkerId == "w-priv-applied");
        var silent = Assert.Single(shortlist.Candidates, c => c.WorkerId == "w-priv-silent");
        Assert.Equal("w-priv-applied@example.cn", applied.Contact.Email);
        Assert.Null(silent.Contact);

        // At rest: no phone number or email in any readable form; the sealed value opens only with the key, for that worker.
        await using var db = new SqliteConnection($"Data Source={factory.DatabasePath}");
        var stored = (await db.QueryAsync<(string WorkerId, string SealedValue, string KeyId)>(
            "SELECT worker_id, sealed_value, key_id FROM worker_contacts ORDER BY worker_id")).ToList();
        Assert.Equal(["w-priv-applied", "w-priv-silent"], stored.Select(s => s.WorkerId));
        var bytes = await File.ReadAllBytesAsync(factory.DatabasePath);
        var file = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("0000-2222", file);
        Assert.DoesNotContain("w-priv-silent@example.cn", file);
        var cipher = ContactCipher.FromBase64(PlatformFactory.ContactKey, stored[1].KeyId);
        Assert.Equal(new WorkerContact("139-0000-2222", "w-priv-silent@example.cn"), cipher.Open("w-priv-silent", stored[1].SealedValue, stored[1].KeyId));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open("w-priv-applied", stored[1].SealedValue, stored[1].KeyId));
        var otherKey = new ContactCipher(RandomNumberGenerator.GetBytes(32), stored[1].KeyId);
        Assert.ThrowsAny<CryptographicException>(() => otherKey.Open("w-priv-silent", stored[1].SealedValue, stored[1].KeyId));
    }

    [Fact]
    public async Task Forgetting_a_worker_removes_their_personal_data_and_keeps_stored_aggregates()
    {
        var admin = factory.Channel;
        await new EnterpriseService.EnterpriseServiceClient(admin).CreateEnterpriseAsync(new CreateEnterpriseRequest { Enterprise = Builders.Enterprise("e-forget", "benxi") });
        var v = Builders.Vacancy("v-forget", "e-forget", "benxi", ("sql", 3, 5));
        v.Headcount = 5;
        await new VacancyService.VacancyServiceClient(admin).PostVacancyAsync(new PostVacancyRequest { Vacancy = v });
        var workers = new WorkerService.WorkerServiceClient(admin);
        await workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = WithContact(Builders.Worker("w-forget", "benxi", ("sql", 4)), "13800001234", "forget@example.cn") });
        await new InteractionService.InteractionServiceClient(admin).RecordInteractionAsync(
            new RecordInteractionRequest { WorkerId = "w-forget", VacancyId = "v-forget", Type = InteractionType.Apply });
        await new ShortageService.ShortageServiceClient(admin).TakeSnapshotAsync(new TakeSnapshotRequest());
        var before = await StatsAsync();

        var deleted = await workers.DeleteWorkerAsync(new DeleteWorkerRequest { Id = "w-forget" });
        Assert.Equal(1, deleted.InteractionsDeleted);

        await using var db = new SqliteConnection($"Data Source={factory.DatabasePath}");
        foreach (var table in new[] { "workers WHERE id", "worker_contacts WHERE worker_id", "worker_skills WHERE worker_id", "work_history WHERE worker_id", "interactions WHERE worker_id" })
            Assert.Equal(0, await db.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} = 'w-forget'"));
        Assert.Equal(before, await StatsAsync());
        await Assert.ThrowsAsync<RpcException>(() => workers.GetWorkerAsync(new GetWorkerRequest { Id = "w-forget" }).ResponseAsync);
    }

    [Fact]
    public async Task A_malformed_contact_is_refused_naming_the_field()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => new WorkerService.WorkerServiceClient(factory.Channel).CreateWorkerAsync(new CreateWorkerRequest
        {
            Worker = WithContact(Builders.Worker("w-bad-contact", "fushun"), "call me maybe", "not-an-email"),
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("worker.contact.phone:", ex.Status.Detail);
        Assert.Contains("worker.contact.email:", ex.Status.Detail);
    }

    private async Task<string> StatsAsync()
    {
        await using var db = new SqliteConnection($"Data Source={factory.DatabasePath}");
        var rows = await db.QueryAsync<string>(
            "SELECT city_code || '/' || skill_code || ':' || demand_headcount || '/' || supply FROM shortage_stats ORDER BY 1");
        return string.Join(";", rows);
    }
}
