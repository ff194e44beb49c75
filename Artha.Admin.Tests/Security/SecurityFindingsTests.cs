using System.Text;
using Artha.Admin.Components.Account;
using Artha.Admin.Components.UI;

namespace Artha.Admin.Tests.Security;

/// <summary>Lower findings of the staff-access review, each tried again the way it was found.</summary>
public class SecurityFindingsTests
{
    private const string Base = "https://admin.example.com/";

    [Theory]
    [InlineData("cards/abc", "cards/abc")]
    [InlineData("/customers?q=smith", "/customers?q=smith")]
    [InlineData("https://admin.example.com/topups?cardId=1", "topups?cardId=1")]
    [InlineData("https://evil.example.net/phish", "")]
    [InlineData("//evil.example.net/phish", "")]
    [InlineData("/\\evil.example.net", "")]
    [InlineData("javascript:alert(1)", "")]
    [InlineData("http://admin.example.com:8080/", "")]
    [InlineData("  ", "")]
    [InlineData(null, "")]
    public void A_return_url_off_the_portal_or_malformed_becomes_the_home_page(string? returnUrl, string expected)
    {
        Assert.Equal(expected, IdentityRedirectManager.SafeLocalUrl(returnUrl, Base));
    }

    [Theory]
    [InlineData("=1+1")]
    [InlineData("+cmd")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public void Csv_cells_that_a_spreadsheet_would_run_as_a_formula_are_neutralised(string value)
    {
        var csv = Encoding.UTF8.GetString(CsvFile.Build([value], ("Merchant", v => v)));

        var cell = csv.Split("\r\n")[1].Trim('"');
        Assert.StartsWith("'", cell);
    }

    [Fact]
    public void Negative_amounts_stay_numbers_in_csv()
    {
        var csv = Encoding.UTF8.GetString(CsvFile.Build([-12.5m], ("Amount", v => v)));

        Assert.Equal("-12.50", csv.Split("\r\n")[1]);
    }
}
