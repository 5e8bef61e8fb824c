using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace BdrcConsole.Core.Features.Reports;

/// <summary>A column of a <see cref="PdfLayout.Table"/>: its header, its share of the width, and whether it holds numbers.</summary>
internal sealed record PdfColumn(string Header, double Share, bool Numeric = false);

/// <summary>
/// A small flow layout over PDFsharp: text that wraps (never clipped), headings kept with what follows, tables whose
/// header row repeats after a page break, and a header and "Page x of y" footer drawn on every page once the
/// page count is known. Text with CJK characters is set in the CJK font (DejaVu Sans has none).
/// </summary>
internal sealed class PdfLayout : IDisposable
{
    public const double Margin = 42;
    private const double HeaderTop = 22;
    private const double ContentTop = 62;
    private const double FooterSpace = 44;
    private const double CellPadding = 3;

    public static readonly XColor Accent = XColor.FromArgb(255, 0xE0, 0x5A, 0x00);
    public static readonly XColor Muted = XColor.FromArgb(255, 0x55, 0x5F, 0x6B);
    public static readonly XColor Rule = XColor.FromArgb(255, 0xC8, 0xCD, 0xD3);
    public static readonly XColor HeaderFill = XColor.FromArgb(255, 0xEE, 0xF1, 0xF4);

    private readonly PdfDocument document = new();
    private readonly Dictionary<(bool Cjk, double Size, bool Bold), XFont> fonts = [];
    private readonly Dictionary<(XFont Font, char Char), double> widths = [];
    private XGraphics? graphics;

    public PdfLayout(string title, string author)
    {
        document.Info.Title = title;
        document.Info.Author = author;
        document.Info.Creator = "BdrcConsole";
        document.Options.CompressContentStreams = true;
        NewPage();
    }

    public double Y { get; set; }
    public double Left => Margin;
    public double Width => A4.Width - 2 * Margin;
    private double Bottom => A4.Height - FooterSpace;
    private static XSize A4 { get; } = new(595.28, 841.89); // in points

    public XGraphics Graphics => graphics!;

    public XFont Font(string text, double size, bool bold = false)
    {
        var key = (ReportFonts.NeedsCjk(text), size, bold);
        if (!fonts.TryGetValue(key, out var font))
        {
            font = new XFont(key.Item1 ? ReportFonts.Cjk : ReportFonts.Latin, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
            fonts[key] = font;
        }
        return font;
    }

    public void NewPage()
    {
        graphics?.Dispose();
        var page = document.AddPage();
        page.Size = PageSize.A4;
        graphics = XGraphics.FromPdfPage(page);
        Y = ContentTop;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void EnsureSpace(double height)
    {
        if (Y + height > Bottom)
            NewPage();
    }

    public void Space(double height) => Y += height;

    /// <summary>A heading, kept on one page with at least <paramref name="keepWith"/> points of what follows.</summary>
    public void Heading(string text, double size = 13, double keepWith = 60)
    {
        EnsureSpace(size * 1.6 + keepWith);
        Y += size * 0.5;
        Paragraph(text, size, bold: true);
        Y += 2;
    }

    /// <summary>Wrapped text across the content width (or from <paramref name="x"/> over <paramref name="width"/>).</summary>
    public void Paragraph(string text, double size = 9, bool bold = false, XColor? color = null, double? x = null, double? width = null)
    {
        var font = Font(text, size, bold);
        var lineHeight = size * 1.35;
        foreach (var line in Wrap(text, font, width ?? Width))
        {
            EnsureSpace(lineHeight);
            Graphics.DrawString(line, font, new XSolidBrush(color ?? XColors.Black), new XRect(x ?? Left, Y, width ?? Width, lineHeight), XStringFormats.TopLeft);
            Y += lineHeight;
        }
    }

    /// <summary>Label and value pairs in two columns, the values wrapping.</summary>
    public void Facts(IEnumerable<(string Label, string Value)> facts, double labelWidth = 110)
    {
        foreach (var (label, value) in facts)
        {
            var font = Font(value, 10);
            var lines = Wrap(value, font, Width - labelWidth);
            var height = lines.Count * 13.5 + 3;
            EnsureSpace(height);
            Graphics.DrawString(label, Font(label, 10, bold: true), new XSolidBrush(Muted), new XRect(Left, Y, labelWidth, 13.5), XStringFormats.TopLeft);
            for (var i = 0; i < lines.Count; i++)
                Graphics.DrawString(lines[i], font, XBrushes.Black, new XRect(Left + labelWidth, Y + i * 13.5, Width - labelWidth, 13.5), XStringFormats.TopLeft);
            Y += height;
        }
    }

    /// <summary>
    /// A table across the content width. Cells wrap; a row never splits; after a page break the header row is drawn
    /// again. The optional <paramref name="rowColor"/> colours a row's text (e.g. excluded resources in grey).
    /// </summary>
    public void Table(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<string>> rows, double size = 8, Func<int, XColor?>? rowColor = null)
    {
        var total = columns.Sum(c => c.Share);
        var widths = columns.Select(c => Width * c.Share / total).ToArray();
        var lineHeight = size * 1.3;
        var headerLines = columns.Select((c, i) => Wrap(c.Header, Font(c.Header, size, bold: true), widths[i] - 2 * CellPadding)).ToList();
        var headerHeight = headerLines.Max(l => l.Count) * lineHeight + 2 * CellPadding;

        void DrawHeader()
        {
            Graphics.DrawRectangle(new XSolidBrush(HeaderFill), Left, Y, Width, headerHeight);
            var x = Left;
            for (var i = 0; i < columns.Count; i++)
            {
                DrawCell(headerLines[i], x, widths[i], size, bold: true, columns[i].Numeric, XColors.Black, lineHeight);
                x += widths[i];
            }
            Y += headerHeight;
            Graphics.DrawLine(new XPen(Muted, 0.6), Left, Y, Left + Width, Y);
        }

        EnsureSpace(headerHeight + lineHeight * 2 + 2 * CellPadding);
        DrawHeader();
        var index = 0;
        foreach (var row in rows)
        {
            var cells = row.Select((text, i) => Wrap(text, Font(text, size), widths[i] - 2 * CellPadding)).ToList();
            var height = cells.Max(l => l.Count) * lineHeight + 2 * CellPadding;
            if (Y + height > Bottom)
            {
                NewPage();
                DrawHeader();
            }
            var color = rowColor?.Invoke(index) ?? XColors.Black;
            var x = Left;
            for (var i = 0; i < columns.Count; i++)
            {
                DrawCell(cells[i], x, widths[i], size, bold: false, columns[i].Numeric, color, lineHeight);
                x += widths[i];
            }
            Y += height;
            Graphics.DrawLine(new XPen(Rule, 0.4), Left, Y, Left + Width, Y);
            index++;
        }
        Y += 6;
    }

    private void DrawCell(IReadOnlyList<string> lines, double x, double width, double size, bool bold, bool numeric, XColor color, double lineHeight)
    {
        var brush = new XSolidBrush(color);
        for (var i = 0; i < lines.Count; i++)
        {
            var rect = new XRect(x + CellPadding, Y + CellPadding + i * lineHeight, width - 2 * CellPadding, lineHeight);
            Graphics.DrawString(lines[i], Font(lines[i], size, bold), brush, rect, numeric ? XStringFormats.TopRight : XStringFormats.TopLeft);
        }
    }

    /// <summary>
    /// Breaks a text into lines no wider than <paramref name="width"/>: at spaces, and inside a word (a long id, or CJK
    /// text, which has no spaces) where a word alone is too wide. Explicit newlines are kept.
    /// </summary>
    public List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (Measure(candidate, font) <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                    lines.Add(line);
                line = word;
                // A word wider than the line is broken where it must be.
                while (Measure(line, font) > width && line.Length > 1)
                {
                    var fits = 1;
                    while (fits < line.Length && Measure(line[..(fits + 1)], font) <= width)
                        fits++;
                    // Prefer to break after a hyphen, underscore or dot of a name or id, if one falls in the second half.
                    var soft = line.AsSpan(0, fits).LastIndexOfAny("-_./");
                    if (soft >= fits / 2 && soft < fits - 1)
                        fits = soft + 1;
                    lines.Add(line[..fits]);
                    line = line[fits..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>
    /// A text's width as the sum of its characters' widths, each measured once per font: PDFsharp places glyphs by their
    /// advance widths without kerning, so the sum is what it draws, and wrapping a thousand rows stays fast.
    /// </summary>
    public double Measure(string text, XFont font)
    {
        var width = 0.0;
        foreach (var c in text)
        {
            if (char.IsSurrogate(c))
                return Graphics.MeasureString(text, font).Width;
            if (!widths.TryGetValue((font, c), out var w))
                widths[(font, c)] = w = Graphics.MeasureString(c.ToString(), font).Width;
            width += w;
        }
        return width;
    }

    /// <summary>Draws the running header and the "Page x of y" footer on every page, then returns the PDF's bytes.</summary>
    public byte[] Finish(string header, string subheader)
    {
        graphics?.Dispose();
        graphics = null;
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var page = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            var headerFont = Font(header, 9, bold: true);
            page.DrawString(header, headerFont, new XSolidBrush(Accent), new XRect(Left, HeaderTop, Width / 2, 12), XStringFormats.TopLeft);
            var subFont = Font(subheader, 8);
            page.DrawString(Fit(page, subheader, subFont, Width / 2), subFont, new XSolidBrush(Muted), new XRect(Left + Width / 2, HeaderTop + 1, Width / 2, 12), XStringFormats.TopRight);
            page.DrawLine(new XPen(Rule, 0.6), Left, HeaderTop + 16, Left + Width, HeaderTop + 16);
            var footer = $"Page {i + 1} of {count}";
            var footerTop = A4.Height - FooterSpace + 16;
            page.DrawLine(new XPen(Rule, 0.6), Left, footerTop - 4, Left + Width, footerTop - 4);
            page.DrawString("BdrcConsole · Backup and Disaster Recovery Center", Font("B", 8), new XSolidBrush(Muted), new XRect(Left, footerTop, Width / 2, 12), XStringFormats.TopLeft);
            page.DrawString(footer, Font(footer, 8), new XSolidBrush(Muted), new XRect(Left + Width / 2, footerTop, Width / 2, 12), XStringFormats.TopRight);
        }
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    /// <summary>The text, shortened with an ellipsis to fit one line (for the running header only; the cover has it in full).</summary>
    private static string Fit(XGraphics g, string text, XFont font, double width)
    {
        if (g.MeasureString(text, font).Width <= width)
            return text;
        var length = text.Length;
        while (length > 1 && g.MeasureString(text[..length] + "…", font).Width > width)
            length--;
        return text[..length] + "…";
    }

    public void Dispose()
    {
        graphics?.Dispose();
        document.Dispose();
    }
}
