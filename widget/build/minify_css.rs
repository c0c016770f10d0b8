//! The widget's stylesheet without its comments and spare whitespace: it ships inside the wasm to
//! every visitor, and the source keeps the comments that say why a rule is there.
//!
//! Written for our own stylesheet, not for any CSS: it never touches a quoted string, and it only
//! drops whitespace where CSS gives it no meaning (around `{ } ; ,` and after a declaration's `:`).
//! A space before `:` is kept, because in a selector (`.fb :focus-visible`) it means "descendant".

/// `css` with comments removed, whitespace collapsed, and no space where it means nothing.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = '\0';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                pending_space = true;
            }
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space);
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => pending_space = true,
            '{' | '}' | ';' | ',' => {
                pending_space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                skip_whitespace(&mut chars);
            }
            ':' => {
                flush_space(&mut out, &mut pending_space);
                out.push(c);
                // After a colon a space only ever separates a property from its value.
                skip_whitespace(&mut chars);
            }
            c => {
                flush_space(&mut out, &mut pending_space);
                out.push(c);
            }
        }
    }
    out
}

/// Writes the one space a run of whitespace stood for, unless nothing before needs it.
fn flush_space(out: &mut String, pending: &mut bool) {
    if std::mem::take(pending) && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', ':']) {
        out.push(' ');
    }
}

fn skip_whitespace(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.peek().is_some_and(|c| c.is_whitespace()) {
        chars.next();
    }
}

#[cfg(test)]
mod tests {
    use super::minify_css;

    #[test]
    fn drops_comments_and_spare_whitespace() {
        let css = "/* why */\n:host {\n  display: block; /* note */\n  --fb-font: system-ui, \"Segoe UI\";\n}\n";
        assert_eq!(
            minify_css(css),
            ":host{display:block;--fb-font:system-ui,\"Segoe UI\"}"
        );
    }

    #[test]
    fn keeps_the_space_that_means_descendant() {
        assert_eq!(
            minify_css(".fb :focus-visible { outline: 0 }"),
            ".fb :focus-visible{outline:0}"
        );
        assert_eq!(minify_css(".kiosk   .choice {x: y}"), ".kiosk .choice{x:y}");
    }

    #[test]
    fn keeps_values_that_need_their_spaces() {
        assert_eq!(
            minify_css(
                ".p { width: min(360px, calc(100vw - 32px)); font: 400 16px/1.5 var(--f); }"
            ),
            ".p{width:min(360px,calc(100vw - 32px));font:400 16px/1.5 var(--f)}"
        );
        assert_eq!(
            minify_css("[hidden] { display: none !important; }"),
            "[hidden]{display:none !important}"
        );
    }

    #[test]
    fn keeps_quoted_strings_whole() {
        assert_eq!(
            minify_css("a[x=\"a  /* b */ c\"] { content: 'x ; y' }"),
            "a[x=\"a  /* b */ c\"]{content:'x ; y'}"
        );
    }

    #[test]
    fn media_queries_keep_their_shape() {
        assert_eq!(
            minify_css("@media (prefers-color-scheme: dark) {\n  :host([data-theme=\"auto\"]) { --a: #fff; }\n}"),
            "@media (prefers-color-scheme:dark){:host([data-theme=\"auto\"]){--a:#fff}}"
        );
    }

    #[test]
    fn the_widget_stylesheet_loses_only_what_means_nothing() {
        let source = include_str!("../src/widget.css");
        let small = minify_css(source);
        assert!(!small.contains("/*"), "a comment survived");
        assert!(
            small.len() * 5 < source.len() * 4,
            "saved too little: {}",
            small.len()
        );
        // Every rule's selector survives, with the spaces inside it.
        for selector in [
            ":host([data-theme=\"dark\"])",
            ".fb *",
            ".kiosk .choice",
            ".panel .fb",
        ] {
            assert!(small.contains(selector), "lost {selector}");
        }
        assert_eq!(source.matches('{').count(), small.matches('{').count());
    }
}
