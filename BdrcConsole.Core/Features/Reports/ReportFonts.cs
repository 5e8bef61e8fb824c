using System.Buffers.Binary;
using System.Reflection;
using PdfSharp.Fonts;

namespace BdrcConsole.Core.Features.Reports;

/// <summary>
/// The report's fonts, resolved for PDFsharp (which has no system fonts on Linux): DejaVu Sans (regular and bold) is
/// embedded in this assembly, so Latin, Greek and Cyrillic text never depends on the server; Chinese, Japanese and
/// Korean text uses WenQuanYi Micro Hei, read from the system (<c>apt-get install fonts-wqy-microhei</c>; 5 MB, too
/// big to carry in the repository). PDFsharp embeds the glyphs a document uses in the PDF.
/// </summary>
public sealed class ReportFonts : IFontResolver
{
    public const string Latin = "DejaVu Sans";
    public const string Cjk = "WenQuanYi Micro Hei";
    public const string CjkFontPath = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
    public const string CjkPackage = "fonts-wqy-microhei";

    private const string LatinRegularFace = "DejaVuSans";
    private const string LatinBoldFace = "DejaVuSans-Bold";
    private const string CjkFace = "wqy-microhei";

    private static readonly Lock InstallLock = new();
    private static bool installed;

    /// <summary>Makes these fonts PDFsharp's, once per process and before any font is created (PDFsharp requires that).</summary>
    public static void Install()
    {
        lock (InstallLock)
        {
            if (installed)
                return;
            GlobalFontSettings.FontResolver = new ReportFonts();
            installed = true;
        }
    }

    /// <summary>Null when every font the report needs is present, else a sentence naming what is missing and the fix.</summary>
    public static string? Problem()
    {
        var missing = new[] { LatinRegularFace, LatinBoldFace }.Where(face => Assembly.GetExecutingAssembly().GetManifestResourceInfo(ResourceName(face)) is null).ToList();
        if (missing.Count > 0)
            return $"The report fonts {string.Join(", ", missing)} are missing from BdrcConsole.Core (embedded resources): rebuild the Core project.";
        return File.Exists(CjkFontPath)
            ? null
            : $"The report font for Chinese, Japanese and Korean names is missing: {CjkFontPath}. Install it with 'apt-get install -y {CjkPackage}'.";
    }

    /// <summary>Whether a text needs the CJK font: DejaVu Sans has no CJK ideographs, kana, Hangul or full-width forms.</summary>
    public static bool NeedsCjk(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF')
                return true;
        }
        return false;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        familyName == Cjk
            // The face has no bold; PDFsharp does not simulate it, so CJK text prints regular.
            ? new FontResolverInfo(CjkFace)
            : new FontResolverInfo(bold ? LatinBoldFace : LatinRegularFace);

    public byte[]? GetFont(string faceName)
    {
        if (faceName == CjkFace)
        {
            if (!File.Exists(CjkFontPath))
                throw new InvalidOperationException(Problem());
            return FirstFontOfCollection(File.ReadAllBytes(CjkFontPath));
        }
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName(faceName))
            ?? throw new InvalidOperationException(Problem() ?? $"Unknown report font {faceName}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ResourceName(string face) => $"BdrcConsole.Core.Reports.Fonts.{face}.ttf";

    /// <summary>
    /// The first font of a TrueType collection (.ttc) as a standalone .ttf: PDFsharp reads single fonts only. The
    /// font's table directory is copied with each table's data placed after it (a collection's offsets are from the
    /// start of the collection file). A plain .ttf comes back as it is.
    /// </summary>
    internal static byte[] FirstFontOfCollection(byte[] file)
    {
        if (file.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(file) != 0x74746366) // "ttcf"
            return file;
        var fontOffset = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(12));
        var tables = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(fontOffset + 4));
        var directoryLength = 12 + 16 * tables;
        var entries = Enumerable.Range(0, tables).Select(i =>
        {
            var entry = file.AsSpan(fontOffset + 12 + 16 * i);
            return (Entry: fontOffset + 12 + 16 * i, Offset: (int)BinaryPrimitives.ReadUInt32BigEndian(entry[8..]), Length: (int)BinaryPrimitives.ReadUInt32BigEndian(entry[12..]));
        }).ToList();
        var size = directoryLength + entries.Sum(e => (e.Length + 3) & ~3);
        var font = new byte[size];
        file.AsSpan(fontOffset, directoryLength).CopyTo(font);
        var position = directoryLength;
        for (var i = 0; i < entries.Count; i++)
        {
            var (_, offset, length) = entries[i];
            file.AsSpan(offset, length).CopyTo(font.AsSpan(position));
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(12 + 16 * i + 8), (uint)position);
            position += (length + 3) & ~3;
        }
        return font;
    }
}
