// Element Plus, only the components the app uses, imported from their own modules (the package's
// index pulls in every component because of its installer).
export { ElAlert } from 'element-plus/es/components/alert/index.mjs'
export { ElButton } from 'element-plus/es/components/button/index.mjs'
export { ElConfigProvider } from 'element-plus/es/components/config-provider/index.mjs'
export { ElDialog } from 'element-plus/es/components/dialog/index.mjs'
export { ElForm, ElFormItem } from 'element-plus/es/components/form/index.mjs'
export { ElInput } from 'element-plus/es/components/input/index.mjs'
export { ElLoading } from 'element-plus/es/components/loading/index.mjs'
export { ElMessage } from 'element-plus/es/components/message/index.mjs'
export { ElPagination } from 'element-plus/es/components/pagination/index.mjs'
export { ElRadioButton, ElRadioGroup } from 'element-plus/es/components/radio/index.mjs'
export { ElOption, ElSelect } from 'element-plus/es/components/select/index.mjs'
export { ElTag } from 'element-plus/es/components/tag/index.mjs'
