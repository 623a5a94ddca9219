// ECharts, only the parts the app draws on a canvas: the dashboard's bar chart, the share
// register's pie, the sales analysis' stacked bars with a total line and its channel ring, the
// township report's bars by village (with the 500,000 yuan marker line).
// (Loads under `freezePrototype` thanks to vite-plugins.ts.)
import * as echarts from 'echarts/core'
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer])

export { echarts }
