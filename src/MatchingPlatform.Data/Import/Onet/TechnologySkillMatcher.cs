using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Data.Import.Onet;

/// <summary>
/// Finds the taxonomy skill an O*NET Technology_Skills row stands for, from its Example (a product, e.g.
/// "Autodesk AutoCAD") or its Commodity Title (a software class, e.g. "Accounting software").
/// Most products carry a vendor prefix or a longer wording than the taxonomy's names, so an exact name
/// match alone finds little; the vendor prefixes and the alias table below close that gap. Rows that
/// match nothing are not skills the platform tracks and are dropped.
/// </summary>
internal sealed class TechnologySkillMatcher(SkillTaxonomy taxonomy)
{
    // Stripped from the front of an Example before a second exact-name try: "The MathWorks MATLAB" -> "MATLAB".
    private static readonly string[] VendorPrefixes =
    [
        "Microsoft ", "Autodesk ", "Oracle ", "Adobe ", "IBM ", "The MathWorks ", "Dassault Systemes ", "Apache ",
        "Google ", "Siemens ", "Amazon ", "Intuit ", "Atlassian ", "ESRI ", "Esri ",
    ];

    // O*NET wording -> taxonomy code, for the frequent products and classes whose names differ from the
    // taxonomy's. Excel, Word and PowerPoint map to office-software rather than excel-advanced: O*NET lists
    // the product an occupation uses, which says nothing about advanced use. A target missing from the
    // taxonomy in use is ignored.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft Excel"] = "office-software",
        ["Microsoft Word"] = "office-software",
        ["Microsoft PowerPoint"] = "office-software",
        ["Microsoft Office software"] = "office-software",
        ["Spreadsheet software"] = "office-software",
        ["Word processing software"] = "office-software",
        ["Presentation software"] = "office-software",
        ["Office suite software"] = "office-software",
        ["Structured query language SQL"] = "sql",
        ["Structure query language SQL"] = "sql",
        ["Microsoft SQL Server"] = "sql",
        ["Oracle PL/SQL"] = "sql",
        ["C++"] = "c-cpp",
        ["C"] = "c-cpp",
        ["Hypertext markup language HTML"] = "html-css",
        ["Cascading style sheets CSS"] = "html-css",
        ["Shell script"] = "shell-scripting",
        ["Bash"] = "shell-scripting",
        ["UNIX Shell"] = "shell-scripting",
        ["Apache Hadoop"] = "big-data-hadoop",
        ["IBM SPSS Statistics"] = "spss",
        ["SAS"] = "statistics",
        ["StataCorp Stata"] = "statistics",
        ["Minitab"] = "statistics",
        ["Statistical software"] = "statistics",
        ["SAP software"] = "erp-sap",
        ["ESRI ArcGIS software"] = "gis",
        ["Esri ArcGIS"] = "gis",
        ["ESRI ArcView"] = "gis",
        ["Geographic information system GIS software"] = "gis",
        ["Geographic information system GIS systems"] = "gis",
        ["Geographic information system"] = "gis",
        ["Adobe Photoshop"] = "graphic-design",
        ["Adobe Illustrator"] = "graphic-design",
        ["Siemens NX"] = "cad-ug-nx",
        ["ANSYS simulation software"] = "cae-simulation",
        ["Autodesk Revit"] = "bim",
        ["Supervisory control and data acquisition SCADA software"] = "scada",
        ["Programmable logic controller PLC software"] = "plc-programming",
        ["Human machine interface HMI software"] = "hmi-configuration",
        ["Distributed control system DCS"] = "dcs-operation",
        ["Manufacturing execution system MES"] = "mes",
        ["Computerized numerical control CNC software"] = "cnc-programming",
        ["Computer numerical control CNC software"] = "cnc-programming",
        ["Computer aided manufacturing CAM software"] = "cam-programming",
        ["Warehouse management system WMS"] = "wms",
        ["Inventory tracking software"] = "inventory-control",
        ["Inventory management software"] = "inventory-control",
        ["Inventory management systems"] = "inventory-control",
        ["Inventory control software"] = "inventory-control",
        ["Point of sale POS software"] = "cashiering",
        ["Epic Systems"] = "hospital-information-systems",
        ["MEDITECH software"] = "hospital-information-systems",
        ["Electronic health record EHR software"] = "hospital-information-systems",
        ["Video creation and editing software"] = "video-editing",
        ["Microsoft Project"] = "project-management",
        ["Jenkins CI"] = "ci-cd",
        ["Selenium"] = "test-automation",
        ["Spring Framework"] = "spring-boot",
    };

    public Skill? Match(string? example, string? commodityTitle)
    {
        if (example is { Length: > 0 } && Find(example) is { } byExample) return byExample;
        if (example is { Length: > 0 })
            foreach (var vendor in VendorPrefixes)
                if (example.StartsWith(vendor, StringComparison.Ordinal) && taxonomy.FindSkillByName(example[vendor.Length..]) is { } stripped)
                    return stripped;
        return commodityTitle is { Length: > 0 } ? Find(commodityTitle) : null;
    }

    private Skill? Find(string name) =>
        Aliases.TryGetValue(name.Trim(), out var code) ? taxonomy.FindSkill(code) : taxonomy.FindSkillByName(name);
}
