// Words the CSS checks know. A property missing here would be marked as unknown, so
// the list is broad (every property a beginner's course or MDN's common pages use);
// the keyword lists are only for properties whose values are a closed set of words.

export const PROPERTIES = new Set(
  (
    "align-content align-items align-self all animation animation-delay animation-direction animation-duration " +
    "animation-fill-mode animation-iteration-count animation-name animation-play-state animation-timing-function " +
    "appearance aspect-ratio backdrop-filter backface-visibility background background-attachment background-blend-mode " +
    "background-clip background-color background-image background-origin background-position background-position-x " +
    "background-position-y background-repeat background-size block-size border border-block border-block-end " +
    "border-block-start border-bottom border-bottom-color border-bottom-left-radius border-bottom-right-radius " +
    "border-bottom-style border-bottom-width border-collapse border-color border-image border-inline border-inline-end " +
    "border-inline-start border-left border-left-color border-left-style border-left-width border-radius border-right " +
    "border-right-color border-right-style border-right-width border-spacing border-style border-top border-top-color " +
    "border-top-left-radius border-top-right-radius border-top-style border-top-width border-width bottom box-shadow " +
    "box-sizing break-after break-before break-inside caption-side caret-color clear clip clip-path color color-scheme " +
    "column-count column-gap column-rule column-span column-width columns contain container container-name " +
    "container-type content content-visibility counter-increment counter-reset cursor direction display empty-cells " +
    "filter flex flex-basis flex-direction flex-flow flex-grow flex-shrink flex-wrap float font font-display font-family " +
    "font-feature-settings font-kerning font-size font-size-adjust font-stretch font-style font-variant " +
    "font-variant-numeric font-variation-settings font-weight gap grid grid-area grid-auto-columns grid-auto-flow " +
    "grid-auto-rows grid-column grid-column-end grid-column-gap grid-column-start grid-gap grid-row grid-row-end " +
    "grid-row-gap grid-row-start grid-template grid-template-areas grid-template-columns grid-template-rows height " +
    "hyphens image-rendering inline-size inset inset-block inset-inline isolation justify-content justify-items " +
    "justify-self left letter-spacing line-break line-clamp line-height list-style list-style-image list-style-position " +
    "list-style-type margin margin-block margin-block-end margin-block-start margin-bottom margin-inline " +
    "margin-inline-end margin-inline-start margin-left margin-right margin-top mask mask-image max-block-size max-height " +
    "max-inline-size max-width min-block-size min-height min-inline-size min-width mix-blend-mode object-fit " +
    "object-position offset opacity order orphans outline outline-color outline-offset outline-style outline-width " +
    "overflow overflow-anchor overflow-wrap overflow-x overflow-y overscroll-behavior overscroll-behavior-x " +
    "overscroll-behavior-y padding padding-block padding-block-end padding-block-start padding-bottom padding-inline " +
    "padding-inline-end padding-inline-start padding-left padding-right padding-top page-break-after page-break-before " +
    "page-break-inside perspective perspective-origin place-content place-items place-self pointer-events position " +
    "print-color-adjust quotes resize right rotate row-gap scale scroll-behavior scroll-margin scroll-margin-top " +
    "scroll-padding scroll-padding-top scroll-snap-align scroll-snap-stop scroll-snap-type scrollbar-color " +
    "scrollbar-gutter scrollbar-width shape-outside tab-size table-layout text-align text-align-last text-decoration " +
    "text-decoration-color text-decoration-line text-decoration-style text-decoration-thickness text-emphasis " +
    "text-indent text-justify text-orientation text-overflow text-rendering text-shadow text-size-adjust " +
    "text-transform text-underline-offset text-underline-position text-wrap top touch-action transform transform-origin " +
    "transform-style transition transition-delay transition-duration transition-property transition-timing-function " +
    "translate unicode-bidi user-select vertical-align visibility white-space widows width will-change word-break " +
    "word-spacing word-wrap writing-mode z-index zoom accent-color src unicode-range"
  ).split(" "),
);

const words = (s) => s.split(" ");
const FLEX_ALIGN = words("flex-start flex-end start end center baseline stretch normal self-start self-end left right space-between space-around space-evenly first last safe unsafe");

export const KEYWORDS = {
  display: words(
    "block inline inline-block flex inline-flex grid inline-grid none contents table table-row table-cell table-column " +
      "table-caption table-header-group table-footer-group table-row-group table-column-group list-item flow-root " +
      "flow inline-table ruby",
  ),
  position: words("static relative absolute fixed sticky"),
  "text-align": words("left right center justify start end match-parent"),
  float: words("left right none inline-start inline-end"),
  clear: words("left right both none inline-start inline-end"),
  "flex-direction": words("row row-reverse column column-reverse"),
  "flex-wrap": words("nowrap wrap wrap-reverse"),
  "justify-content": FLEX_ALIGN,
  "align-items": FLEX_ALIGN,
  "align-self": [...FLEX_ALIGN, "auto"],
  "align-content": FLEX_ALIGN,
  "justify-items": [...FLEX_ALIGN, "legacy"],
  "font-style": words("normal italic oblique"),
  "font-weight": words("normal bold bolder lighter"),
  visibility: words("visible hidden collapse"),
  overflow: words("visible hidden scroll auto clip"),
  "overflow-x": words("visible hidden scroll auto clip"),
  "overflow-y": words("visible hidden scroll auto clip"),
  "box-sizing": words("content-box border-box"),
  "text-transform": words("none capitalize uppercase lowercase full-width"),
  "white-space": words("normal nowrap pre pre-wrap pre-line break-spaces"),
  "border-style": words("none hidden dotted dashed solid double groove ridge inset outset"),
  "list-style-type": null, // many counter styles: not checked
  cursor: words(
    "auto default none context-menu help pointer progress wait cell crosshair text vertical-text alias copy move " +
      "no-drop not-allowed grab grabbing all-scroll col-resize row-resize n-resize e-resize s-resize w-resize " +
      "ne-resize nw-resize se-resize sw-resize ew-resize ns-resize nesw-resize nwse-resize zoom-in zoom-out",
  ),
};

export const COLOR_PROPERTIES = new Set(words("color background-color border-color outline-color caret-color accent-color text-decoration-color"));

// The named colours of CSS.
export const COLORS = new Set(
  words(
    "aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood " +
      "cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray " +
      "darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen " +
      "darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue " +
      "firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew " +
      "hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan " +
      "lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue " +
      "lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine " +
      "mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise " +
      "mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange " +
      "orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum " +
      "powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna " +
      "silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet " +
      "wheat white whitesmoke yellow yellowgreen transparent currentcolor",
  ),
);

// Properties whose plain numbers need a unit (0 needs none).
export const LENGTH_PROPERTIES = new Set(
  words(
    "width height min-width min-height max-width max-height margin margin-top margin-right margin-bottom margin-left " +
      "padding padding-top padding-right padding-bottom padding-left font-size top right bottom left border-radius " +
      "gap row-gap column-gap letter-spacing word-spacing border-width outline-width text-indent outline-offset",
  ),
);

export const GLOBAL_VALUES = new Set(words("inherit initial unset revert revert-layer"));
