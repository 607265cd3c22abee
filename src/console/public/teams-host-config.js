// A Host Config close to Microsoft Teams' light theme, so cards in the console's Teams pane look as
// they will in Teams (font, spacing, colors, action layout).
// https://learn.microsoft.com/adaptive-cards/rendering-cards/host-config

// Text colours on both container styles (Teams uses the same on white and on the grey emphasis).
const textColors = {
  default: { default: '#242424', subtle: '#616161' },
  accent: { default: '#5B5FC7', subtle: '#6264A7' },
  good: { default: '#237B4B', subtle: '#237B4B' },
  warning: { default: '#835C00', subtle: '#835C00' },
  attention: { default: '#C4314B', subtle: '#C4314B' },
};

export const teamsHostConfig = {
  fontFamily: "'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', sans-serif",
  supportsInteractivity: true,
  spacing: { small: 4, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E1DFDD' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: { ...textColors, dark: { default: '#242424', subtle: '#616161' }, light: { default: '#FFFFFF', subtle: '#F5F5F5' } },
    },
    emphasis: {
      backgroundColor: '#F5F5F5',
      foregroundColors: textColors,
    },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16 },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  adaptiveCard: { allowCustomStyle: true },
  factSet: {
    title: { color: 'default', size: 'default', isSubtle: false, weight: 'bolder', wrap: true },
    value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
    spacing: 12,
  },
};
