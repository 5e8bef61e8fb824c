namespace BdrcConsole.Core.Features.TrustedServices;

public sealed record TrustedServiceRow(string ServiceName, string DisplayName, string Description, int DelegatedAdministratorCount);

public sealed record DelegatedAdministratorRow(string AccountId, string DisplayName, DateTimeOffset AddedAt, int ManagedAccountCount);

public sealed record CandidateAccount(string AccountId, string DisplayName, string FolderPath);

/// <summary>BDRC's page under Trusted Services: its delegated administrators and who could become one.</summary>
public sealed record BdrcTrustedServiceDetails(
    IReadOnlyList<DelegatedAdministratorRow> DelegatedAdministrators,
    int MaxDelegatedAdministrators,
    IReadOnlyList<CandidateAccount> Candidates)
{
    public bool CanAdd => DelegatedAdministrators.Count < MaxDelegatedAdministrators;
}
