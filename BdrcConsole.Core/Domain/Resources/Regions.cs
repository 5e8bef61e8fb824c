namespace BdrcConsole.Core.Domain.Resources;

public sealed record CloudRegion(string Id, string Name, bool SupportsZoneRedundancy, IReadOnlyList<string> Zones);

/// <summary>
/// The Alibaba Cloud regions the simulated estate uses, marking which support zone-redundant storage
/// (OSS ZRS and Tablestore ZRS need at least three zones).
/// </summary>
public static class Regions
{
    public static IReadOnlyList<CloudRegion> All { get; } =
    [
        new("cn-hangzhou", "China (Hangzhou)", true, ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"]),
        new("cn-shanghai", "China (Shanghai)", true, ["cn-shanghai-e", "cn-shanghai-f", "cn-shanghai-g", "cn-shanghai-l"]),
        new("cn-beijing", "China (Beijing)", true, ["cn-beijing-g", "cn-beijing-h", "cn-beijing-i", "cn-beijing-k"]),
        new("cn-shenzhen", "China (Shenzhen)", true, ["cn-shenzhen-d", "cn-shenzhen-e", "cn-shenzhen-f"]),
        new("cn-zhangjiakou", "China (Zhangjiakou)", true, ["cn-zhangjiakou-a", "cn-zhangjiakou-b", "cn-zhangjiakou-c"]),
        new("cn-hongkong", "China (Hong Kong)", true, ["cn-hongkong-b", "cn-hongkong-c", "cn-hongkong-d"]),
        new("ap-southeast-1", "Singapore", true, ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]),
        new("eu-central-1", "Germany (Frankfurt)", true, ["eu-central-1a", "eu-central-1b", "eu-central-1c"]),
        new("cn-qingdao", "China (Qingdao)", false, ["cn-qingdao-b", "cn-qingdao-c"]),
        new("cn-huhehaote", "China (Hohhot)", false, ["cn-huhehaote-a", "cn-huhehaote-b"]),
        new("us-west-1", "US (Silicon Valley)", false, ["us-west-1a", "us-west-1b"]),
        new("ap-south-1", "India (Mumbai)", false, ["ap-south-1a", "ap-south-1b"]),
    ];

    public static CloudRegion? Find(string regionId) => All.FirstOrDefault(r => r.Id == regionId);

    public static bool SupportsZoneRedundancy(string regionId) => Find(regionId)?.SupportsZoneRedundancy ?? false;
}
