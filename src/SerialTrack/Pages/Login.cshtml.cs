using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages;

public sealed class LoginModel(Accounts accounts) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = string.IsNullOrEmpty(UserName) || string.IsNullOrEmpty(Password)
            ? null
            : await accounts.CheckPasswordAsync(UserName.Trim(), Password, ct);
        if (user is null)
        {
            // One message for an unknown name and a wrong password: the page must not reveal which names exist.
            ModelState.AddModelError("", "Wrong user name or password.");
            Password = null;
            return Page();
        }
        const string scheme = CookieAuthenticationDefaults.AuthenticationScheme;
        await HttpContext.SignInAsync(scheme, Auth.Principal(user, scheme));
        // Only a local returnUrl: anything else would make the login page an open redirect.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
