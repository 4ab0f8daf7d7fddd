"""What templates say and link to in the language of the page being rendered: gettext and
friends, dates, language names, and the URLs of pages and of the generated search page.

The language is the page view's `lang`, else the render context's `lang` (a redirect page),
else the site's default. It is read from the template's context at each call, so one
environment renders every language; macros see it only when imported `with context`.
"""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass

import jinja2
from babel import Locale, UnknownLocaleError
from jinja2.runtime import Context

from mvsite.errors import SiteError
from mvsite.markdown.converted import LinkTargets
from mvsite.render.locale import Catalogues
from mvsite.sources.config import Config
from mvsite.sources.languages import language_of
from mvsite.sources.local_formats import long_date


def install_languages(
    env: jinja2.Environment, catalogues: Catalogues, config: Config, targets: LinkTargets | None
) -> None:
    """`_()`, `{% trans %}`, `ngettext`, `pgettext`; the `long_date` and `translate` filters;
    `language_name()`, `in_language()` and `page_url()`."""
    words = PageWords(catalogues)
    links = LanguageLinks(config, targets)
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        words.gettext,
        words.ngettext,
        newstyle=True,
        pgettext=words.pgettext,
        npgettext=words.npgettext,
    )
    env.filters["long_date"] = words.long_date
    env.filters["translate"] = words.translate
    env.globals["language_name"] = words.language_name
    env.globals["in_language"] = links.in_language
    env.globals["page_url"] = links.page_url


def render_language(context: Context, default: str) -> str:
    """The code of the language a template is rendered in."""
    lang = getattr(context.get("page"), "lang", None)  # a PageView's
    if lang is None:
        lang = context.get("lang")
    return lang if isinstance(lang, str) else default


@dataclass(frozen=True)
class PageWords:
    """The templates' words and dates in the language of the page being rendered."""

    catalogues: Catalogues

    def of(self, context: Context) -> gettext.NullTranslations:
        return self.catalogues.of(self.language(context)).translations

    def language(self, context: Context) -> str:
        return render_language(context, self.catalogues.default)

    @jinja2.pass_context
    def gettext(self, context: Context, message: str) -> str:
        return self.of(context).gettext(message)

    @jinja2.pass_context
    def ngettext(self, context: Context, singular: str, plural: str, n: int) -> str:
        return self.of(context).ngettext(singular, plural, n)

    @jinja2.pass_context
    def pgettext(self, context: Context, msgctxt: str, message: str) -> str:
        return self.of(context).pgettext(msgctxt, message)

    @jinja2.pass_context
    def npgettext(self, context: Context, msgctxt: str, singular: str, plural: str, n: int) -> str:
        return self.of(context).npgettext(msgctxt, singular, plural, n)

    @jinja2.pass_context
    def long_date(self, context: Context, value: dt.date) -> str:
        return long_date(value, self.language(context))

    @jinja2.pass_context
    def translate(self, context: Context, text: str) -> str:
        """Words the site gives (its config, its data), as its catalogue translates them;
        never %-formatted, so a '%' in them is just a percent sign."""
        return self.of(context).gettext(text) if text else text

    @jinja2.pass_context
    def language_name(self, context: Context, code: str) -> str:
        """A language's name as the page's words write it in a sentence: 'da' in a Danish
        page is 'dansk', in an English one 'Danish' (CLDR's names, through Babel). Where the
        page's language has no catalogue, its words are the default language's: so is this."""
        lang = self.language(context)
        if not self.catalogues.of(lang).files:
            lang = self.catalogues.default
        try:
            language = Locale.parse(code, sep="-")
            reader = Locale.parse(lang, sep="-")
        except (UnknownLocaleError, ValueError):
            return code
        return language.get_display_name(reader) or code


@dataclass(frozen=True)
class LanguageLinks:
    """Where a template's links go in the language of the page being rendered."""

    config: Config
    targets: LinkTargets | None

    @jinja2.pass_context
    def in_language(self, context: Context, path: str) -> str:
        """'/search/' -> '/da/search/' in a Danish page (with the base path): a file the
        build makes in each language's part of the site."""
        default = self.config.site_languages[0].code
        language = language_of(render_language(context, default), self.config.site_languages)
        return self.config.base_path.rstrip("/") + language.prefix + "/" + path.lstrip("/")

    @jinja2.pass_context
    def page_url(self, context: Context, rel: str) -> str:
        """'about.md' -> the URL of that page in the page's language: its translation, a
        copy, else the original (with the base path)."""
        targets = self.targets
        url = None
        if targets is not None:
            default = self.config.site_languages[0].code
            lang = render_language(context, default)
            url = targets.views.get(lang, targets).pages.get(rel)
        if url is None:
            raise SiteError(
                f"page_url('{rel}'): no such page",
                hint="name a page's source file under content/, e.g. page_url('about.md')",
            )
        return self.config.base_path.rstrip("/") + url
