// The default theme, plus a site-wide "was this helpful?" in the footer of every page: one
// placeholder that stays mounted while the reader navigates.
import DefaultTheme from "vitepress/theme";
import { h } from "vue";

export default {
  extends: DefaultTheme,
  Layout: () =>
    h(DefaultTheme.Layout, null, {
      "layout-bottom": () => h("footer", { class: "site-feedback" }, [h("div", { "data-feedback": "", "data-mode": "smileys" })]),
    }),
};
