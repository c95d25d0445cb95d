using MatchingPlatform.Core.Security;
using MatchingPlatform.Server.Infrastructure.Auth;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Shortages;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Protos.V1;
using MatchingPlatform.Server.Infrastructure;
using MatchingPlatform.Server.Mapping;

namespace MatchingPlatform.Server.Services;

/// <summary>Shortage statistics: snapshots (computed in the database), reports, and a worker's gap against the local market.</summary>
internal sealed class ShortageGrpcService(
    ShortageSnapshotJob job,
    ShortageRepository shortages,
    WorkerRepository workers,
    RecommendationEngine engine,
    SkillTaxonomy taxonomy,
    CityDirectory cities,
    TimeProvider clock) : ShortageService.ShortageServiceBase
{
    private const int MaxTrendSnapshots = 12;

    public override async Task<TakeSnapshotResponse> TakeSnapshot(TakeSnapshotRequest request, ServerCallContext context)
    {
        Caller.From(context).RequireRole(PlatformRoles.Analyst);
        var outcome = await job.TakeCurrentAsync(context.CancellationToken);
        var stored = await shortages.GetSnapshotAsync(outcome.SnapshotId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.Internal, $"snapshot {outcome.SnapshotId} vanished after it was taken"));
        return new TakeSnapshotResponse
        {
            Snapshot = ShortageMapper.ToProto(stored), AlreadyExisted = outcome.AlreadyExisted,
            ElapsedMs = outcome.Elapsed.TotalMilliseconds,
        };
    }

    public override async Task<ListSnapshotsResponse> ListSnapshots(ListSnapshotsRequest request, ServerCallContext context)
    {
        var pageSize = Requests.PageSize(request.PageSize);
        var page = await Requests.WithPageTokenAsync(() => shortages.ListSnapshotsAsync(pageSize,
            request.PageToken.Length == 0 ? null : request.PageToken, context.CancellationToken));
        var response = new ListSnapshotsResponse { NextPageToken = page.NextPageToken ?? "" };
        response.Snapshots.AddRange(page.Items.Select(ShortageMapper.ToProto));
        return response;
    }

    public override async Task<ListShortagesResponse> ListShortages(ListShortagesRequest request, ServerCallContext context)
    {
        if (request.SnapshotId < 0) throw Requests.Invalid("snapshot_id", "must not be negative");
        var cityCodes = Requests.Cities(request.Cities, "cities", cities);
        var industry = Requests.OptionalId(request.Industry, "industry");
        if (industry is not null && !taxonomy.HasIndustry(industry)) throw Requests.Invalid("industry", $"unknown industry '{industry}'");
        var skill = Requests.OptionalId(request.Skill, "skill");
        if (skill is not null && !taxonomy.HasSkill(skill)) throw Requests.Invalid("skill", $"unknown skill '{skill}'");
        var group = Requests.OptionalId(request.SkillGroup, "skill_group");
        if (group is not null && taxonomy.Skills.All(s => s.Group != group)) throw Requests.Invalid("skill_group", $"unknown skill group '{group}'");
        if (request.MinRatio < 0 || !double.IsFinite(request.MinRatio)) throw Requests.Invalid("min_ratio", "must be a number, 0 or more");
        if (request.TrendSnapshots is < 0 or > MaxTrendSnapshots) throw Requests.Invalid("trend_snapshots", $"must be between 0 and {MaxTrendSnapshots}");

        var pageSize = Requests.PageSize(request.PageSize);
        var page = await Requests.WithPageTokenAsync(() => shortages.ListStatsAsync(new ShortageStatFilter
        {
            SnapshotId = request.SnapshotId == 0 ? null : request.SnapshotId,
            CityCodes = cityCodes.Count == 0 ? null : cityCodes, IndustryCode = industry, SkillGroup = group, SkillCode = skill,
            MinRatio = request.MinRatio > 0 ? request.MinRatio : null,
        }, pageSize, request.PageToken.Length == 0 ? null : request.PageToken, context.CancellationToken));
        if (page.Snapshot is null)
            throw request.SnapshotId == 0
                ? new RpcException(new Status(StatusCode.FailedPrecondition, "no shortage snapshot has been taken yet: call TakeSnapshot or run matchctl snapshot"))
                : Requests.NotFound("snapshot", request.SnapshotId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var response = new ListShortagesResponse { Snapshot = ShortageMapper.ToProto(page.Snapshot), NextPageToken = page.NextPageToken ?? "" };
        foreach (var stat in page.Items)
        {
            var row = ShortageMapper.ToProto(stat, taxonomy);
            if (request.TrendSnapshots > 0)
            {
                var history = await shortages.KeyHistoryAsync(stat.Key, request.TrendSnapshots + 1, page.Snapshot.Period, context.CancellationToken);
                // The history ends with this snapshot's own point; the trend is the ones before it.
                row.Trend.AddRange(history.Where(h => h.SnapshotId != page.Snapshot.Id).Select(h => h.Stat?.Ratio ?? 0));
            }
            response.Shortages.Add(row);
        }
        return response;
    }

    public override async Task<GetWorkerAreaGapResponse> GetWorkerAreaGap(GetWorkerAreaGapRequest request, ServerCallContext context)
    {
        var workerId = Requests.Id(request.WorkerId, "worker_id");
        Caller.From(context).RequireWorker(workerId);
        if (request.RadiusKm < 0 || !double.IsFinite(request.RadiusKm)) throw Requests.Invalid("radius_km", "must be a distance in km, 0 or more");
        var max = request.MaxGaps switch
        {
            0 => 10,
            < 1 or > 50 => throw Requests.Invalid("max_gaps", "must be between 1 and 50"),
            _ => request.MaxGaps,
        };
        var worker = await workers.GetAsync(workerId, context.CancellationToken) ?? throw Requests.NotFound("worker", workerId);
        var near = cities.All
            .Where(c => c.Code == worker.CityCode || (request.RadiusKm > 0 && cities.DistanceKm(worker.CityCode, c.Code) <= request.RadiusKm))
            .Select(c => c.Code).Order(StringComparer.Ordinal).ToArray();
        var vacancies = await shortages.NearbyOpenVacanciesAsync(near, context.CancellationToken);
        var report = AreaGapAnalyzer.Analyze(worker.Skills, vacancies, max);

        var response = new GetWorkerAreaGapResponse
        {
            WorkerId = worker.Id, VacanciesConsidered = report.VacanciesConsidered, VacanciesQualified = report.VacanciesQualified,
        };
        response.Cities.AddRange(near);
        var training = engine.Training;
        foreach (var g in report.Gaps)
        {
            var skill = taxonomy.FindSkill(g.SkillCode);
            var row = new Protos.V1.AreaSkillGap
            {
                Skill = g.SkillCode, SkillNameEn = skill?.NameEn ?? g.SkillCode, SkillNameZh = skill?.NameZh ?? "",
                Vacancies = g.Vacancies, Headcount = g.Headcount, RequiredLevel = g.RequiredLevel, HeldLevel = g.HeldLevel,
                WouldQualifyFor = g.WouldQualifyFor,
            };
            row.Programmes.AddRange(training.For(g.SkillCode, g.RequiredLevel, worker.CityCode).Select(ProtoMapper.ToProto));
            response.Gaps.Add(row);
        }
        return response;
    }

    public override async Task<GetDigitalSkillRatiosResponse> GetDigitalSkillRatios(GetDigitalSkillRatiosRequest request, ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var ratios = await shortages.DigitalRatioAsync(now, context.CancellationToken);
        var response = new GetDigitalSkillRatiosResponse { AsOfTime = Timestamp.FromDateTimeOffset(now) };
        foreach (var r in ratios.OrderByDescending(r => r.Ratio).ThenBy(r => r.CityCode, StringComparer.Ordinal))
        {
            var city = cities.Find(r.CityCode);
            response.Cities.Add(new DigitalSkillRatio
            {
                City = r.CityCode, CityNameEn = city?.NameEn ?? r.CityCode, CityNameZh = city?.NameZh ?? "",
                Demand = r.DigitalDemand, Supply = r.DigitalSupply, Ratio = r.Ratio,
            });
        }
        return response;
    }
}
