namespace Artha.Sandbox.State;

/// <summary>Generates Luhn-valid card numbers on a product BIN.</summary>
public static class CardNumbers
{
    public static string Generate(string bin, Random random)
    {
        Span<char> digits = stackalloc char[16];
        bin.AsSpan().CopyTo(digits);
        for (var i = bin.Length; i < 15; i++)
            digits[i] = (char)('0' + random.Next(10));
        digits[15] = (char)('0' + LuhnCheckDigit(digits[..15]));
        return new string(digits);
    }

    public static bool IsLuhnValid(string number)
    {
        if (number.Length < 2 || !number.All(char.IsAsciiDigit))
            return false;
        return LuhnCheckDigit(number.AsSpan(0, number.Length - 1)) == number[^1] - '0';
    }

    private static int LuhnCheckDigit(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        // Walking right to left, the digit next to the (missing) check digit is doubled.
        for (int i = payload.Length - 1, pos = 0; i >= 0; i--, pos++)
        {
            var d = payload[i] - '0';
            if (pos % 2 == 0)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }
}
