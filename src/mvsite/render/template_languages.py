"""What templates say and link to in the language of the page being rendered: gettext and
friends, dates, language names, and the URLs of pages and of the generated search page.

The language is the page view's `lang`, else the render context's `lang` (a redirect page),
else the site's default. It is read from the template's context at each call, so one
environment renders every language; macros see it only when imported `with context`.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from babel import Locale, UnknownLocaleError
from jinja2.runtime import Context
from markupsafe import Markup

from mvsite.errors import SiteError
from mvsite.markdown.converted import LinkTargets
from mvsite.render.locale import Catalogues
from mvsite.sources.config import Config
from mvsite.sources.languages import Language, language_of, source_language
from mvsite.sources.local_formats import LongDates, long_dates
from mvsite.sources.named_pages import close_page


def install_languages(
    env: jinja2.Environment, catalogues: Catalogues, config: Config, targets: LinkTargets | None
) -> None:
    """`_()`, `{% trans %}`, `ngettext`, `pgettext`; the `long_date` and `translate` filters;
    `language_name()`, `in_language()` and `page_url()`."""
    words = PageWords(catalogues)
    links = LanguageLinks(config, targets)
    env.policies["ext.i18n.trimmed"] = True
    # Jinja's "newstyle" gettext (a translation is always a format string, its values
    # escaped), done here in one call: Jinja's own wraps each function in a second sandboxed
    # call and `_` in a third, ~14 us a string where a page has a dozen.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(
        _=_plain(words.gettext),
        gettext=_plain(words.gettext),
        ngettext=_plain(words.ngettext),
        pgettext=_plain(words.pgettext),
        npgettext=_plain(words.npgettext),
        language_name=_plain(words.language_name),
        in_language=_plain(links.in_language),
        page_url=_plain(links.page_url),
    )
    env.filters["long_date"] = _plain(words.long_date)
    env.filters["translate"] = _plain(words.translate)


def _plain(method: Callable[..., str]) -> Callable[..., str]:
    """A method taking the template's context first, as a plain function: the sandbox looks
    up attributes a callable lacks several times a call, ~1 us each on a bound method and
    ~0.06 us on a function."""

    @jinja2.pass_context
    def call(context: Context, *args: Any, **kwargs: Any) -> str:
        return method(context, *args, **kwargs)

    return call


def render_language(context: Context, default: str) -> str:
    """The code of the language a template is rendered in."""
    lang = getattr(context.resolve_or_missing("page"), "lang", None)  # a PageView's
    if lang is None:
        lang = context.get("lang")
    return lang if isinstance(lang, str) else default


def _formatted(context: Context, text: str, variables: Mapping[str, Any]) -> str:
    """A translation with its %(name)s values filled in, as Jinja's newstyle gettext does:
    always a format string; with autoescaping, the text is markup and the values escaped."""
    if not variables and "%" not in text:  # most strings: nothing to fill in
        return Markup(text) if context.eval_ctx.autoescape else text
    if context.eval_ctx.autoescape:
        return Markup(text) % variables
    return text % variables


@dataclass(frozen=True)
class PageWords:
    """The templates' words and dates in the language of the page being rendered."""

    catalogues: Catalogues
    # What is the same on every page of a language, made once (by language code).
    dates: dict[str, LongDates] = field(default_factory=dict, compare=False, repr=False)
    names: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, repr=False)
    # A message without values, as gettext gives it: by (language, message, escaping on).
    said: dict[tuple[str, str, bool], str] = field(default_factory=dict, compare=False, repr=False)

    def of(self, context: Context) -> gettext.NullTranslations:
        return self.catalogues.of(self.language(context)).translations

    def language(self, context: Context) -> str:
        return render_language(context, self.catalogues.default)

    @jinja2.pass_context
    def gettext(self, context: Context, message: str, **variables: Any) -> str:
        if variables:
            return _formatted(context, self.of(context).gettext(message), variables)
        key = (self.language(context), message, context.eval_ctx.autoescape)
        said = self.said.get(key)
        if said is None:
            translations = self.catalogues.of(key[0]).translations
            said = self.said[key] = _formatted(context, translations.gettext(message), {})
        return said

    @jinja2.pass_context
    def ngettext(
        self, context: Context, singular: str, plural: str, num: int, **variables: Any
    ) -> str:
        variables.setdefault("num", num)
        return _formatted(context, self.of(context).ngettext(singular, plural, num), variables)

    @jinja2.pass_context
    def pgettext(self, context: Context, msgctxt: str, message: str, **variables: Any) -> str:
        variables.setdefault("context", msgctxt)
        return _formatted(context, self.of(context).pgettext(msgctxt, message), variables)

    @jinja2.pass_context
    def npgettext(
        self,
        context: Context,
        msgctxt: str,
        singular: str,
        plural: str,
        num: int,
        **variables: Any,
    ) -> str:
        variables.setdefault("context", msgctxt)
        variables.setdefault("num", num)
        text = self.of(context).npgettext(msgctxt, singular, plural, num)
        return _formatted(context, text, variables)

    @jinja2.pass_context
    def long_date(self, context: Context, value: dt.date) -> str:
        lang = self.language(context)
        dates = self.dates.get(lang)
        if dates is None:
            dates = self.dates[lang] = long_dates(lang)
        return dates.format(value)

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
        name = self.names.get((code, lang))
        if name is None:
            name = self.names[(code, lang)] = _display_name(code, lang)
        return name


def _display_name(code: str, lang: str) -> str:
    """'da' as a page in `lang` writes it; the code itself for a language CLDR lacks."""
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
    # Each link found, by (language, path or rel): the same on every page of a language.
    found: dict[tuple[str, str, str], str] = field(default_factory=dict, compare=False, repr=False)

    @jinja2.pass_context
    def in_language(self, context: Context, path: str) -> str:
        """'/search/' -> '/da/search/' in a Danish page (with the base path): a file the
        build makes in each language's part of the site."""
        lang = render_language(context, self.config.site_languages[0].code)
        url = self.found.get(("in", lang, path))
        if url is None:
            language = language_of(lang, self.config.site_languages)
            base = self.config.base_path.rstrip("/")
            url = self.found[("in", lang, path)] = base + language.prefix + "/" + path.lstrip("/")
        return url

    @jinja2.pass_context
    def page_url(self, context: Context, rel: str) -> str:
        """'about.md' -> the URL of that page in the page's language: its translation, a
        copy, else the original (with the base path)."""
        lang = render_language(context, self.config.site_languages[0].code)
        url = self.found.get(("page", lang, rel))
        if url is None:
            url = self.found[("page", lang, rel)] = self._page_url(lang, rel)
        return url

    def _page_url(self, lang: str, rel: str) -> str:
        targets = self.targets
        url = None if targets is None else targets.views.get(lang, targets).pages.get(rel)
        if url is None:
            raise _no_page(rel, targets, self.config.site_languages)
        return self.config.base_path.rstrip("/") + url


def _no_page(rel: str, targets: LinkTargets | None, languages: tuple[Language, ...]) -> SiteError:
    """page_url(rel) names no published page: a draft, or (most likely) one moved or renamed."""
    if targets is not None and rel in targets.drafts:
        return SiteError(
            f"page_url('{rel}'): {rel} is a draft",
            hint="publish the page (draft: false), or build with --drafts to preview it",
        )
    rels = () if targets is None else tuple(targets.pages)
    originals = [r for r in rels if source_language(r, languages).key == r]
    close = close_page(rel, originals)
    return SiteError(
        f"page_url('{rel}'): no such page",
        hint="the page was probably moved or renamed: "
        + (f"did you mean page_url('{close}')?" if close else "name its source file as it is now"),
    )
