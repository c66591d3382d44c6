using System.Diagnostics;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace Pipeline.E2E;

/// <summary>
/// What a trader does, step by step, in a real browser: the page loads, quotes appear, an order is placed
/// and shows in the list, and a bad order shows its error. Stops at the first failed step.
/// </summary>
public sealed class TradingJourney(IWebDriver driver, Uri baseAddress, TimeSpan stepTimeout)
{
    public IReadOnlyList<StepResult> Run(Action<string> progress)
    {
        var steps = new (string Name, Action Action)[]
        {
            ("the page loads", PageLoads),
            ("quotes appear", QuotesAppear),
            ("an order is placed", PlaceOrder),
            ("the order shows in the list", OrderIsListed),
            ("a bad order shows its error", BadOrderShowsError),
        };

        var results = new List<StepResult>();
        foreach (var (name, action) in steps)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                action();
                results.Add(new StepResult(name, true, watch.Elapsed));
                progress($"e2e: {name}: passed ({watch.Elapsed.TotalSeconds:F1} s)");
            }
            catch (Exception ex) when (ex is WebDriverException or InvalidOperationException)
            {
                results.Add(new StepResult(name, false, watch.Elapsed, ex.Message));
                progress($"e2e: {name}: FAILED: {ex.Message}");
                break;
            }
        }

        return results;
    }

    private int ordersBefore;

    private void PageLoads()
    {
        driver.Navigate().GoToUrl(baseAddress);
        Wait("the order form (#order-form) to be visible", d => d.FindElement(By.Id("order-form")).Displayed);
    }

    private void QuotesAppear() =>
        Wait("quote rows (#quotes [data-symbol]) to appear", d => d.FindElements(By.CssSelector("#quotes [data-symbol]")).Count > 0);

    private void PlaceOrder()
    {
        ordersBefore = driver.FindElements(By.CssSelector("#orders [data-order-id]")).Count;
        FillOrder(symbolIndex: 0, side: "buy", quantity: "150", price: "101.25");
        driver.FindElement(By.Id("submit-order")).Click();
    }

    private void OrderIsListed()
    {
        Wait("the new order to appear in #orders", d => d.FindElements(By.CssSelector("#orders [data-order-id]")).Count > ordersBefore);
        var newest = driver.FindElements(By.CssSelector("#orders [data-order-id]"))[0].Text;
        if (!newest.Contains("150", StringComparison.Ordinal) || !newest.Contains("101.25", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the newest order row reads \"{newest}\"; expected quantity 150 and price 101.25");
        }

        var error = driver.FindElement(By.Id("order-error"));
        if (error.Displayed && error.Text.Length > 0)
        {
            throw new InvalidOperationException($"#order-error shows \"{error.Text}\" after a valid order");
        }
    }

    private void BadOrderShowsError()
    {
        FillOrder(symbolIndex: 0, side: "sell", quantity: "0", price: "-5");
        driver.FindElement(By.Id("submit-order")).Click();
        Wait("#order-error to show why the order was refused", d =>
        {
            var error = d.FindElement(By.Id("order-error"));
            return error.Displayed && error.Text.Contains("quantity", StringComparison.OrdinalIgnoreCase);
        });
    }

    private void FillOrder(int symbolIndex, string side, string quantity, string price)
    {
        var symbol = driver.FindElement(By.Id("symbol"));
        symbol.FindElements(By.TagName("option"))[symbolIndex].Click();
        driver.FindElement(By.Id("side")).FindElement(By.CssSelector($"option[value='{side}']")).Click();
        Type("quantity", quantity);
        Type("price", price);
    }

    private void Type(string id, string text)
    {
        var input = driver.FindElement(By.Id(id));
        input.Clear();
        input.SendKeys(text);
    }

    private void Wait(string what, Func<IWebDriver, bool> condition)
    {
        var wait = new WebDriverWait(driver, stepTimeout) { Message = $"timed out after {stepTimeout.TotalSeconds:F0} s waiting for {what}" };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        wait.Until(condition);
    }
}
