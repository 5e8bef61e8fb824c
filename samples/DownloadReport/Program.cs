using DownloadReport;

// Signs in to a running BdrcConsole, selects accounts, opens the Overview, clicks Preview and Download Report and saves
// the PDF. Usage (see README.md):
//   dotnet run --project samples/DownloadReport -- --url http://localhost:5171 --email security@acme.test \
//     --password Demo@12345 --accounts acme-security,acme-prod-web --group Important --out /tmp
var options = ReportWalkthroughOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(ReportWalkthroughOptions.Usage);
    return 2;
}
var path = await ReportWalkthrough.RunAsync(options);
Console.WriteLine($"Saved {path}");
return 0;
