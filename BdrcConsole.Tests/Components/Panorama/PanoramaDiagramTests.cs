using BdrcConsole.Components.Pages.Panorama;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.Panorama;
using Bunit;

namespace BdrcConsole.Tests.Components.Panorama;

public class PanoramaDiagramTests : BdrcBunitContext
{
    private IRenderedComponent<PanoramaDiagram> RenderProduct(ProductType product, params PanoramaStage[] stages) =>
        Render<PanoramaDiagram>(p => p
            .Add(d => d.Product, new ProductPanorama(product, new ResourceTally(13, 1), stages, 10, 3))
            .Add(d => d.AccountId, "1234567890123456"));

    [Fact]
    public void Render_StageWithNotApplicableResources_ShowsThemApartAndLinksToTheItemsRisksOfTheAccount()
    {
        var diagram = RenderProduct(ProductType.Oss,
            new PanoramaStage("Backup vault replication", CheckItems.OssVaultReplication.RuleId, 2, 6, 4, 6, 0));

        var stage = diagram.Find("[data-testid=panorama-oss-stage-2]");
        Assert.Equal("/risk-detection?rule=oss-vault-replication&account=1234567890123456", stage.GetAttribute("href"));
        Assert.Equal(["2", "of 6"], stage.QuerySelectorAll("tspan").Select(t => t.TextContent.Trim()));
        Assert.Contains("4 risks to fix", stage.TextContent);
        Assert.Contains("6 not applicable", stage.TextContent);
        Assert.Equal("13 resources · 1 excluded from checks", diagram.Find("[data-testid=panorama-oss-stage-1]").GetAttribute("aria-label")!.Split(": ")[1].Split(". ")[0]);
    }

    [Fact]
    public void Render_StageWithoutCheckItem_IsNeitherALinkNorAFailure()
    {
        var diagram = RenderProduct(ProductType.Ecs, new PanoramaStage("Backup vault replication", null, 3, 7, 0, 0, 0));

        var stage = diagram.Find("[data-testid=panorama-ecs-stage-2]");
        Assert.Equal("g", stage.TagName.ToLowerInvariant());
        Assert.Null(stage.GetAttribute("href"));
        Assert.Contains("Not a check item", stage.TextContent);
        Assert.Empty(stage.QuerySelectorAll(".coverage-poor"));
        Assert.NotEmpty(stage.QuerySelectorAll(".coverage-info"));
    }
}
