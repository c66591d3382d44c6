using Pipeline.Core.Analysis;

namespace Pipeline.Core.Tests.Analysis;

public sealed class SuccessConditionTests
{
    [Theory]
    [InlineData("< 0.01", 0.009, true)]
    [InlineData("< 0.01", 0.01, false)]
    [InlineData("<= 250", 250, true)]
    [InlineData(">= 0.99", 0.98, false)]
    [InlineData("> 0", 1, true)]
    [InlineData("== 0", 0, true)]
    public void A_condition_compares_the_value_with_its_number(string text, double value, bool met) =>
        Assert.Equal(met, SuccessCondition.Parse(text, "test").IsMetBy(value));

    [Fact]
    public void A_condition_that_is_not_an_operator_and_a_number_is_refused_naming_where_it_is()
    {
        var error = Assert.Throws<FormatException>(() => SuccessCondition.Parse("below 1%", "$.deployment.strategy.analysis.metrics[0].successCondition"));

        Assert.Equal("$.deployment.strategy.analysis.metrics[0].successCondition: \"below 1%\" is not a success condition; expected an operator (<, <=, >, >=, ==) and a number, e.g. \"< 0.01\".", error.Message);
    }
}
