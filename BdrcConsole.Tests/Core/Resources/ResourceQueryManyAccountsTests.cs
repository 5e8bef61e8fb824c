using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Tests.TestSupport;

namespace BdrcConsole.Tests.Core.Resources;

/// <summary>
/// With 20 or more accounts selected, a name-sorted page is read by walking the (Product, Name) index
/// (an INDEXED BY query). It must return exactly what the ordinary path returns for the same accounts.
/// </summary>
public class ResourceQueryManyAccountsTests(SyntheticEstateHost estate) : IClassFixture<SyntheticEstateHost>
{
    private const string IndexHint = "INDEXED BY \"IX_Resources_Product_Name\"";

    /// <summary>Every row of the query, page after page.</summary>
    private async Task<(List<ResourceRow> Rows, int Total)> ReadAllAsync(ResourceQuery query, int pageSize)
    {
        var rows = new List<ResourceRow>();
        for (var page = 0; ; page++)
        {
            var result = await estate.Resources.QueryAsync(estate.Administrator, query with { Page = page, PageSize = pageSize });
            rows.AddRange(result.Items);
            if (result.Items.Count < pageSize)
                return (rows, result.TotalCount);
        }
    }

    /// <summary>The same query asked one account at a time (the few-accounts path), merged and sorted by name.</summary>
    private async Task<List<ResourceRow>> MergedPerAccountAsync(ResourceQuery query)
    {
        var rows = new List<ResourceRow>();
        foreach (var accountId in query.AccountIds)
            rows.AddRange((await ReadAllAsync(query with { AccountIds = [accountId] }, ResourceQuery.MaxPageSize)).Rows);
        var byName = query.Descending
            ? rows.OrderByDescending(r => r.Name, StringComparer.Ordinal)
            : rows.OrderBy(r => r.Name, StringComparer.Ordinal);
        return byName.ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    [Theory]
    [InlineData(ProductType.Ecs, false)]
    [InlineData(ProductType.Ecs, true)]
    [InlineData(ProductType.Oss, false)]
    [InlineData(ProductType.Nas, true)]
    public async Task Query_ManyAccountsSortedByName_ReturnsSameRowsInSameOrderAsPerAccountQueries(ProductType product, bool descending)
    {
        var query = new ResourceQuery(product, estate.VisibleAccountIds) { Descending = descending };

        var (rows, total) = await ReadAllAsync(query, pageSize: 37);
        var expected = await MergedPerAccountAsync(query);

        Assert.True(expected.Count > 100, $"the synthetic estate should hold many {product} resources, found {expected.Count}");
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected, rows);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Query_SortedByAccount_PagesAcrossAccountBoundariesInAccountThenNameOrder(bool descending)
    {
        var query = new ResourceQuery(ProductType.Ecs, estate.VisibleAccountIds) { SortBy = ResourceSortField.Account, Descending = descending };

        // 23 does not divide any account's row count evenly, so pages start and end inside accounts.
        var (rows, total) = await ReadAllAsync(query, pageSize: 23);
        var perAccount = await MergedPerAccountAsync(query with { SortBy = ResourceSortField.Name, Descending = false });
        var byAccount = descending
            ? perAccount.OrderByDescending(r => r.AccountName, StringComparer.Ordinal)
            : perAccount.OrderBy(r => r.AccountName, StringComparer.Ordinal);
        var expected = byAccount.ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();

        Assert.Equal(expected.Count, total);
        Assert.Equal(expected.Select(r => (r.AccountName, r.Name)), rows.Select(r => (r.AccountName, r.Name)));
    }

    [Fact]
    public async Task Query_ManyAccountsWithFilters_ReturnsSameRowsAsPerAccountQueries()
    {
        var query = new ResourceQuery(ProductType.Ecs, estate.VisibleAccountIds)
        {
            RegionId = "cn-hangzhou",
            TagKey = "env",
            TagValue = "prod",
            Protection = ProtectionStatus.PartlyProtected,
        };

        var (rows, total) = await ReadAllAsync(query, pageSize: 10);
        var expected = await MergedPerAccountAsync(query);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected, rows);
        Assert.All(rows, r => Assert.Equal(("cn-hangzhou", ProtectionStatus.PartlyProtected), (r.RegionId, r.ProtectionStatus)));
    }

    [Fact]
    public async Task Query_ManyAccountsSearch_ReturnsSameRowsAsPerAccountQueries()
    {
        var query = new ResourceQuery(ProductType.Oss, estate.VisibleAccountIds) { Search = "backup" };

        var (rows, total) = await ReadAllAsync(query, pageSize: 25);
        var expected = await MergedPerAccountAsync(query);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected, rows);
    }

    [Fact]
    [Trait(TestEngine.Trait, "Sqlite")] // Which statement names an index: PostgreSQL's planner chooses by itself.
    public async Task Query_TwentyAccountsSortedByName_PageQueryWalksTheNameIndex()
    {
        var twenty = estate.VisibleAccountIds.Take(20).ToList();

        estate.Sql.Clear();
        var many = await estate.Resources.QueryAsync(estate.Administrator, new ResourceQuery(ProductType.Ecs, twenty) { PageSize = 20 });
        var manyCommands = estate.Sql.Commands;
        estate.Sql.Clear();
        await estate.Resources.QueryAsync(estate.Administrator, new ResourceQuery(ProductType.Ecs, twenty.Take(19).ToList()) { PageSize = 20 });
        var fewCommands = estate.Sql.Commands;
        estate.Sql.Clear();
        await estate.Resources.QueryAsync(estate.Administrator, new ResourceQuery(ProductType.Ecs, twenty) { PageSize = 20, SortBy = ResourceSortField.Region });
        var regionCommands = estate.Sql.Commands;

        Assert.Equal(20, many.Items.Count);
        Assert.Single(manyCommands, c => c.Contains(IndexHint));
        Assert.DoesNotContain(fewCommands, c => c.Contains(IndexHint));
        Assert.DoesNotContain(regionCommands, c => c.Contains(IndexHint));
    }

    [Fact]
    public async Task Query_ManyAccountsSortedByRegion_OrdersByRegionThenName()
    {
        var query = new ResourceQuery(ProductType.Tablestore, estate.VisibleAccountIds) { SortBy = ResourceSortField.Region };

        var (rows, total) = await ReadAllAsync(query, pageSize: ResourceQuery.MaxPageSize);

        Assert.Equal(total, rows.Count);
        var expected = rows.OrderBy(r => r.RegionId, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal);
        Assert.Equal(expected, rows);
    }

    [Fact]
    public async Task CountByAccount_ManyAccounts_SumsToTotalAndMatchesPerAccountTotals()
    {
        var query = new ResourceQuery(ProductType.Oss, estate.VisibleAccountIds) { TagKey = "important" };

        var counts = await estate.Resources.CountByAccountAsync(estate.Administrator, query);
        var page = await estate.Resources.QueryAsync(estate.Administrator, query);

        Assert.Equal(estate.VisibleAccountIds, counts.Select(c => c.AccountId));
        Assert.Equal(page.TotalCount, counts.Sum(c => c.Count));
        foreach (var count in counts.Take(5))
            Assert.Equal((await estate.Resources.QueryAsync(estate.Administrator, query with { AccountIds = [count.AccountId] })).TotalCount, count.Count);
    }
}
