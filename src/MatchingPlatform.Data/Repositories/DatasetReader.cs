using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Repositories;

/// <summary>
/// Reads everything training needs in one go: workers, all vacancies (open and closed), enterprises, training
/// programmes and the whole interaction log. The server's training run and <c>matchctl train</c> share it.
/// </summary>
public sealed class DatasetReader(IDbConnectionFactory db)
{
    public async Task<DatasetBatch> ReadAllAsync(CancellationToken ct = default) => new()
    {
        Workers = await new WorkerRepository(db).GetAllAsync(ct),
        Vacancies = await new VacancyRepository(db).GetAllAsync(openOnly: false, ct),
        Enterprises = await new EnterpriseRepository(db).GetAllAsync(ct),
        Programmes = await new TrainingProgrammeRepository(db).GetAllAsync(ct),
        Interactions = await new InteractionRepository(db).ListAsync(ct: ct),
    };
}
